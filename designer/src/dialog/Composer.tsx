import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { QuickReplies } from './QuickReplies';

export interface ComposerProps {
  lineId: string;
  /** sends the text; resolves when the API has taken it, rejects with its refusal */
  onSend(text: string, hidden: boolean): Promise<unknown>;
  sending: boolean;
}

/**
 * The answer box: Enter sends, Shift+Enter starts a new line; "Internal note" writes a note only
 * colleagues see. Quick replies insert their text where the cursor is.
 */
export function Composer({ lineId, onSend, sending }: ComposerProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [note, setNote] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const boxId = useId();
  const hintId = useId();

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || sending) return;
    try {
      await onSend(trimmed, note);
      setText('');
    } catch {
      // the page shows the refusal; the text stays so nothing typed is lost
    }
    box.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // (isComposing: Enter that ends an IME composition is not a send)
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  const insert = (snippet: string) => {
    const el = box.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + snippet + text.slice(end);
    setText(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  };

  return (
    <div className={`composer${note ? ' composer--note' : ''}`}>
      <div className="composer__tools">
        <label className="switch">
          <input type="checkbox" checked={note} onChange={(e) => setNote(e.target.checked)} />
          <span className="switch__track" aria-hidden="true" />
          <span>{t('dialog.composer.note')}</span>
        </label>
        <QuickReplies lineId={lineId} currentText={text} onInsert={insert} />
        <span className="composer__hint" id={hintId}>
          {t('dialog.composer.hint')}
        </span>
      </div>
      <form className="composer__row" onSubmit={(e) => void submit(e)}>
        <label className="visually-hidden" htmlFor={boxId}>
          {note ? t('dialog.composer.noteLabel') : t('dialog.composer.label')}
        </label>
        <textarea
          id={boxId}
          ref={box}
          className="composer__box"
          rows={3}
          value={text}
          maxLength={10000}
          placeholder={note ? t('dialog.composer.notePlaceholder') : t('dialog.composer.placeholder')}
          aria-describedby={hintId}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button
          type="submit"
          className="button button--primary composer__send"
          disabled={sending || !text.trim()}
        >
          {t('dialog.actions.send')}
        </button>
      </form>
    </div>
  );
}
