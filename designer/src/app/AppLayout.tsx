import { Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Header } from './header/Header';
import { LiveEvents } from './LiveEvents';

export function AppLayout() {
  const { t } = useTranslation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <LiveEvents />
      <Header />
      <div className="shell__body">
        <Outlet />
      </div>
    </div>
  );
}
