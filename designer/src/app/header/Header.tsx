import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router';
import { api } from '../../api';
import { useSession } from '../../api/session';
import { canSupervise, useMe } from '../use-me';
import { AlertsMenu } from './AlertsMenu';
import { LanguageSwitch } from './LanguageSwitch';
import { PresenceControl } from './PresenceControl';
import { WorkdayControl } from './WorkdayControl';
import './header.css';

/** The admin pages (designer/src/admin/), in the header for admins only. */
const ADMIN_LINKS = [
  ['/lines', 'admin.nav.lines'],
  ['/admin/channels', 'admin.nav.channels'],
  ['/admin/employees', 'admin.nav.employees'],
] as const;

export function Header() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);
  const queryClient = useQueryClient();
  const me = useMe().data;
  const supervisor = canSupervise(user?.role);
  const { pathname } = useLocation();
  const inInbox = pathname === '/' || pathname.startsWith('/dialogs/'); // an open dialog is part of the inbox

  const logout = async () => {
    try {
      await api.logout();
    } catch {
      // the session may be gone already; signing out here is what matters
    }
    signOut(); // RequireSession takes the page to /login?signedOut=1
    queryClient.clear();
  };

  return (
    <header className="topbar">
      <div className="topbar__start">
        <NavLink to="/" className="topbar__brand">
          <span className="brand-mark" aria-hidden="true">
            L
          </span>
          <span className="topbar__brand-name">{t('app.name')}</span>
        </NavLink>
        <nav aria-label={t('app.nav.label')} className="topbar__nav">
          <NavLink
            to="/"
            className={`topbar__link${inInbox ? ' is-active' : ''}`}
            aria-current={inInbox ? 'page' : undefined}
          >
            {t('app.nav.inbox')}
          </NavLink>
          {supervisor && (
            <NavLink to="/stats" className={({ isActive }) => `topbar__link${isActive ? ' is-active' : ''}`}>
              {t('app.nav.stats')}
            </NavLink>
          )}
          {user?.role === 'admin' &&
            ADMIN_LINKS.map(([to, key]) => (
              <NavLink
                key={to}
                to={to}
                className={({ isActive }) =>
                  `topbar__link${isActive || (to === '/lines' && pathname.startsWith('/lines/')) ? ' is-active' : ''}`
                }
              >
                {t(key)}
              </NavLink>
            ))}
        </nav>
      </div>
      <div className="topbar__end">
        {me && <PresenceControl me={me} />}
        {me && <WorkdayControl me={me} />}
        {supervisor && <AlertsMenu />}
        <LanguageSwitch />
        {user && (
          <span className="topbar__user" title={user.email}>
            <span className="avatar" aria-hidden="true">
              {initials(user.name)}
            </span>
            <span className="topbar__user-name">
              <span className="visually-hidden">
                {t('header.signedInAs', { name: user.name, role: t(`header.roles.${user.role}`) })}
              </span>
              <span aria-hidden="true">{user.name}</span>
            </span>
          </span>
        )}
        <button type="button" className="button button--ghost" onClick={() => void logout()}>
          {t('header.logout')}
        </button>
      </div>
    </header>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}
