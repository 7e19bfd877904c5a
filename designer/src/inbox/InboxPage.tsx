import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';

/** The operator inbox: the dialog list on the left, the open dialog (or a hint) on the right. */
export function InboxPage() {
  const { t } = useTranslation();
  return (
    <main id="main" className="inbox">
      <section className="inbox__list" aria-label={t('inbox.title')}>
        <h1 className="visually-hidden">{t('inbox.title')}</h1>
      </section>
      <div className="inbox__pane">
        <Outlet />
      </div>
    </main>
  );
}

export function InboxEmptyPane() {
  const { t } = useTranslation();
  return <p className="inbox__hint">{t('inbox.select')}</p>;
}
