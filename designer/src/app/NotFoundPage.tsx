import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <main id="main" className="page-message">
      <h1>{t('app.notFound')}</h1>
      <Link to="/">{t('app.backToInbox')}</Link>
    </main>
  );
}
