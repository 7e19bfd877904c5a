import { useDismiss } from '../app/use-dismiss';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DialogAction } from './dialog-permissions';

export type RatingValue = 'like' | 'dislike' | 1 | 2 | 3 | 4 | 5;

export interface DialogActionsProps {
  allowed: ReadonlySet<DialogAction>;
  /** the action whose call is under way */
  pending: DialogAction | null;
  onAction(action: Exclude<DialogAction, 'send' | 'rate'>): void;
  onRate(value: RatingValue): void;
}

/** The order the bar shows them in: what moves the dialog forward first, the rarer ones after. */
const ORDER: Array<Exclude<DialogAction, 'send' | 'rate'>> = [
  'accept',
  'take',
  'close',
  'transfer',
  'invite',
  'pin',
  'lead',
  'spam',
];

/**
 * The dialog's buttons, each named by its action and shown only to whom may use it (Send lives in the
 * answer box). The workflow still has the last word: its refusals are shown by the page.
 */
export function DialogActions({ allowed, pending, onAction, onRate }: DialogActionsProps) {
  const { t } = useTranslation();
  const shown = ORDER.filter((a) => allowed.has(a));
  if (!shown.length && !allowed.has('rate')) return null;
  return (
    <div className="dialog-actions" role="toolbar" aria-label={t('dialog.actions.label')}>
      {shown.map((action) => (
        <button
          key={action}
          type="button"
          className={`button button--small${action === 'accept' || action === 'take' ? ' button--primary' : ''}${
            action === 'spam' ? ' button--danger' : ''
          }`}
          disabled={pending !== null}
          aria-busy={pending === action}
          aria-haspopup={action === 'transfer' || action === 'invite' ? 'dialog' : undefined}
          onClick={() => onAction(action)}
        >
          {t(`dialog.actions.${action}`)}
        </button>
      ))}
      {allowed.has('rate') && <RateMenu disabled={pending !== null} onRate={onRate} />}
    </div>
  );
}

function RateMenu({ disabled, onRate }: { disabled: boolean; onRate(value: RatingValue): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const groupId = useId();
  const root = useRef<HTMLDivElement>(null);
  useDismiss(
    open,
    root,
    () => setOpen(false),
    () => root.current?.querySelector<HTMLElement>('.rate-menu__panel button')?.focus(),
  );
  const choose = (value: RatingValue) => {
    setOpen(false);
    onRate(value);
  };
  return (
    <div className="rate-menu" ref={root}>
      <button
        type="button"
        className="button button--small"
        aria-expanded={open}
        aria-controls={groupId}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        {t('dialog.actions.rate')}
      </button>
      {open && (
        <div className="rate-menu__panel" id={groupId} role="group" aria-label={t('dialog.rating.label')}>
          <button type="button" className="button button--small" onClick={() => choose('like')}>
            {t('dialog.rating.like')}
          </button>
          <button type="button" className="button button--small" onClick={() => choose('dislike')}>
            {t('dialog.rating.dislike')}
          </button>
          {([1, 2, 3, 4, 5] as const).map((score) => (
            <button
              key={score}
              type="button"
              className="button button--small rate-menu__score"
              aria-label={t('dialog.rating.score', { score })}
              onClick={() => choose(score)}
            >
              {score}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
