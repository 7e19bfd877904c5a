import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Line } from '../api';
import type { Colleague } from './dialog-api';

export type PickerChoice = { operatorId: string } | { lineId: string };

export interface PeoplePickerProps {
  mode: 'transfer' | 'invite';
  /** colleagues on the dialog's line (null: this person may not list them) */
  colleagues: Colleague[] | null;
  /** lines the dialog could move to (transfer only) */
  lines: Line[];
  busy: boolean;
  onChoose(choice: PickerChoice): void;
  onCancel(): void;
}

/**
 * A modal list to hand the dialog to, or invite: colleagues of the dialog's line (online first), and
 * for a transfer the other lines. Escape or Cancel closes it and gives focus back to the button.
 */
export function PeoplePicker({ mode, colleagues, lines, busy, onChoose, onCancel }: PeoplePickerProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const [filter, setFilter] = useState('');
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    opener.current = document.activeElement;
    panel.current?.querySelector<HTMLElement>('input, button')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel();
      if (event.key === 'Tab' && panel.current) {
        // keep the focus inside the modal
        const focusable = [...panel.current.querySelectorAll<HTMLElement>('input, button:not(:disabled)')];
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last?.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first?.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      (opener.current as HTMLElement | null)?.focus?.();
    };
  }, [onCancel]);

  const needle = filter.trim().toLocaleLowerCase();
  const people = useMemo(
    () =>
      (colleagues ?? [])
        .filter((c) => !needle || `${c.name} ${c.email}`.toLocaleLowerCase().includes(needle))
        .sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name)),
    [colleagues, needle],
  );
  const otherLines = lines.filter((l) => !needle || l.name.toLocaleLowerCase().includes(needle));

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={panel}>
        <h2 id={titleId} className="modal__title">
          {mode === 'transfer' ? t('dialog.picker.transferTitle') : t('dialog.picker.inviteTitle')}
        </h2>
        <input
          type="search"
          className="field__input"
          aria-label={t('dialog.picker.filter')}
          placeholder={t('dialog.picker.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <h3 className="modal__section">{t('dialog.picker.colleagues')}</h3>
        {colleagues === null ? (
          <p className="modal__note">{t('dialog.picker.colleaguesHidden')}</p>
        ) : people.length === 0 ? (
          <p className="modal__note">{t('dialog.picker.noColleagues')}</p>
        ) : (
          <ul className="picker-list">
            {people.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="picker-list__item"
                  disabled={busy}
                  onClick={() => onChoose({ operatorId: c.id })}
                >
                  <span className={`presence-dot${c.online ? ' is-online' : ''}`} aria-hidden="true" />
                  <span className="picker-list__name">{c.name}</span>
                  <span className="picker-list__meta">
                    {c.online ? t('dialog.picker.online') : t('dialog.picker.offline')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {mode === 'transfer' && (
          <>
            <h3 className="modal__section">{t('dialog.picker.lines')}</h3>
            {otherLines.length === 0 ? (
              <p className="modal__note">{t('dialog.picker.noLines')}</p>
            ) : (
              <ul className="picker-list">
                {otherLines.map((line) => (
                  <li key={line.id}>
                    <button
                      type="button"
                      className="picker-list__item"
                      disabled={busy}
                      onClick={() => onChoose({ lineId: line.id })}
                    >
                      <span className="picker-list__name">{line.name}</span>
                      <span className="picker-list__meta">{t('dialog.picker.line')}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        <div className="modal__actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('dialog.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
