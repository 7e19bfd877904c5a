import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../api/session';

/** Pages behind it need a signed-in employee; others go to /login and come back here after. */
export function RequireSession() {
  const token = useSession((s) => s.token);
  const signedOut = useSession((s) => s.signedOut);
  const location = useLocation();
  if (!token && signedOut) return <Navigate to="/login?signedOut=1" replace />;
  if (!token) {
    const returnTo = `${location.pathname}${location.search}${location.hash}`;
    const query = returnTo === '/' ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
    return <Navigate to={`/login${query}`} replace />;
  }
  return <Outlet />;
}
