import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { flowApi } from './flow-api';
import { useFlowEditor } from './flow-store';

/** Publishing: an optional note, then the draft (saved first) becomes the next version. */
export function PublishDialog({
  lineId,
  flush,
  onClose,
  onPublished,
}: {
  lineId: string;
  flush(): Promise<void>;
  onClose(): void;
  onPublished(version: number): void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      await flush();
      const revision = useFlowEditor.getState().revision;
      const answer = await flowApi.publish(lineId, {
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(revision ? { revision } : {}),
      });
      onPublished(answer.version);
    } catch (e) {
      const details =
        e instanceof ApiError ? e.details.map((d) => `${d.pointer} ${d.message}`).slice(0, 5) : [];
      setError([(e as Error).message, ...details].join('\n'));
      setBusy(false);
    }
  };

  return (
    <div className="flow-modal" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="flow-modal__box" role="dialog" aria-modal="true" aria-labelledby="flow-publish-title">
        <h2 id="flow-publish-title">{t('flowEditor.publish.title')}</h2>
        <p className="flow-muted">{t('flowEditor.publish.explain')}</p>
        <label className="field">
          <span className="field__label">{t('flowEditor.publish.note')}</span>
          <textarea
            ref={field}
            className="field__input flow-textarea"
            value={note}
            maxLength={500}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        {error && (
          <p className="field-error flow-pre" role="alert">
            {error}
          </p>
        )}
        <div className="flow-modal__actions">
          <button type="button" className="button button--small" onClick={onClose}>
            {t('flowEditor.cancel')}
          </button>
          <button
            type="button"
            className="button button--primary button--small"
            disabled={busy}
            onClick={() => void publish()}
          >
            {busy ? t('flowEditor.publish.busy') : t('flowEditor.publish.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
