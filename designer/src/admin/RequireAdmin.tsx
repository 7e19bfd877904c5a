import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../api/session';

export const isAdmin = (role: string | undefined) => role === 'admin';

/** The admin pages are for admins; anyone else reads that they have no access (the API refuses them too). */
export function RequireAdmin({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const role = useSession((s) => s.user?.role);
  if (!isAdmin(role))
    return (
      <main id="main" className="page-message">
        <h1>{title}</h1>
        <p>{t('admin.noAccess')}</p>
        <Link to="/">{t('app.backToInbox')}</Link>
      </main>
    );
  return <>{children}</>;
}
