import { createBrowserRouter } from 'react-router';
import { DialogPage } from '../dialog/DialogPage';
import { InboxPage, InboxEmptyPane } from '../inbox/InboxPage';
import { LoginPage } from '../login/LoginPage';
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
          {
            path: '/stats',
            // its charts are the app's largest dependency: loaded when someone opens statistics
            lazy: async () => ({ Component: (await import('../stats/StatsPage')).StatsPage }),
            hydrateFallbackElement: <p className="page-message">…</p>,
          },
          // the admin pages: loaded when an admin opens one (their forms and compiled validators stay out of the inbox)
          {
            path: '/lines',
            lazy: async () => ({ Component: (await import('../admin/lines/LinesPage')).LinesPage }),
            hydrateFallbackElement: <p className="page-message">…</p>,
          },
          {
            path: '/lines/:lineId/settings',
            lazy: async () => ({
              Component: (await import('../admin/lines/LineSettingsPage')).LineSettingsPage,
            }),
            hydrateFallbackElement: <p className="page-message">…</p>,
          },
          {
            path: '/admin/channels',
            lazy: async () => ({ Component: (await import('../admin/channels/ChannelsPage')).ChannelsPage }),
            hydrateFallbackElement: <p className="page-message">…</p>,
          },
          {
            path: '/admin/employees',
            lazy: async () => ({
              Component: (await import('../admin/employees/EmployeesPage')).EmployeesPage,
            }),
            hydrateFallbackElement: <p className="page-message">…</p>,
          },
          {
            path: '/lines/:lineId/flow',
            // the designer (xyflow, the forms, the validator's schemas) loads when an admin opens a flow
            lazy: async () => ({ Component: (await import('../flow-editor/FlowEditorPage')).FlowEditorPage }),
            hydrateFallbackElement: <p className="page-message">…</p>,
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
