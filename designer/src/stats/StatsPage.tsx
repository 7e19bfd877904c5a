import { useTranslation } from 'react-i18next';

/** Placeholder: statistics (GET /api/stats) are built in this folder. */
export function StatsPage() {
  const { t } = useTranslation();
  return (
    <main id="main" className="page-message">
      <h1>{t('stats.title')}</h1>
      <p>{t('stats.placeholder')}</p>
    </main>
  );
}
