import { createBrowserRouter } from 'react-router';
import { DialogPage } from '../dialog/DialogPage';
import { InboxPage, InboxEmptyPane } from '../inbox/InboxPage';
import { LoginPage } from '../login/LoginPage';
import { StatsPage } from '../stats/StatsPage';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { RequireSession } from './RequireSession';

/**
 * The app's pages. The inbox list stays on the left while a dialog is open on the right
 * (/dialogs/:id is a child of the inbox), as operators work through the list one dialog after another.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppLayout />,
        children: [
          {
            path: '/',
            element: <InboxPage />,
            children: [
              { index: true, element: <InboxEmptyPane /> },
              { path: 'dialogs/:id', element: <DialogPage /> },
            ],
          },
          { path: '/stats', element: <StatsPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
