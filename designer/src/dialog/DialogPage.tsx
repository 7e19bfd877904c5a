import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';

/** Placeholder: the dialog view (messages, answer box, actions) is built in this folder. */
export function DialogPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <section className="pane-placeholder" aria-labelledby="dialog-title">
      <h2 id="dialog-title">
        {t('dialog.title')} {id}
      </h2>
      <p>{t('dialog.placeholder')}</p>
    </section>
  );
}
