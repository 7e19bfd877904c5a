import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DialogSummary, Line } from '../api';
import { formatDuration, formatTime } from '../app/format';
import { kpiState, waitingSince } from './kpi';
import { useNow } from './use-now';

export interface DialogRowProps {
  dialog: DialogSummary;
  line: Line | undefined;
  /** show the line's name (the person works on more than one) */
  showLine: boolean;
  me: string;
  unread: boolean;
  selected: boolean;
  open: boolean;
  id: string;
  index: number;
  count: number;
  start: number;
  onOpen(dialog: DialogSummary, index: number): void;
}

const CHANNEL_ICON: Record<string, string> = { telegram: 'TG', livechat: 'WEB', webhook: 'API' };

/** One dialog of the list: who, where from, the newest message, how long they wait, the KPI clock. */
export const DialogRow = memo(function DialogRow(props: DialogRowProps) {
  const { dialog, line, me, unread, selected, open } = props;
  const { t, i18n } = useTranslation();
  const now = useNow();
  const name =
    dialog.client?.name || dialog.client?.email || dialog.client?.phone || t('inbox.unknownClient');
  const channel = dialog.channelKind ? t(`inbox.channel.${dialog.channelKind}`) : t('inbox.channel.unknown');
  const waiting = waitingSince(dialog);
  const kpi = kpiState(dialog, line?.settings, now);
  const offeredToMe = dialog.offeredTo.includes(me);
  const last = dialog.lastMessage;
  const lastText = last
    ? last.text || (last.attachments.length ? t('inbox.attachment') : '')
    : t('inbox.noMessage');
  const author =
    last && last.author !== 'client'
      ? `${last.author === 'operator' ? t('inbox.author.operator') : t(`inbox.author.${last.author}`)}: `
      : '';
  const activityAt = last?.createdAt ?? dialog.updatedAt;
  const classes = [
    'row',
    selected && 'is-selected',
    open && 'is-open',
    unread && 'is-unread',
    kpi && `kpi-${kpi.level}`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      id={props.id}
      role="option"
      aria-selected={selected}
      aria-current={open ? 'true' : undefined}
      aria-setsize={props.count}
      aria-posinset={props.index + 1}
      className={classes}
      style={{ transform: `translateY(${props.start}px)` }}
      onClick={() => props.onOpen(dialog, props.index)}
    >
      <span
        className={`row__channel row__channel--${dialog.channelKind ?? 'unknown'}`}
        aria-hidden="true"
        title={channel}
      >
        {CHANNEL_ICON[dialog.channelKind ?? ''] ?? '•'}
      </span>
      <div className="row__main">
        <div className="row__top">
          <span className="row__name" id={`${props.id}-name`}>
            {name}
          </span>
          {unread && (
            <span className="row__unread" role="img" aria-label={t('inbox.unread')}>
              <span aria-hidden="true" />
            </span>
          )}
          {waiting && (
            <span
              className="row__waiting"
              title={t('inbox.waitingLabel', { duration: formatDuration(t, now - Date.parse(waiting)) })}
            >
              {t('inbox.waiting', { duration: formatDuration(t, now - Date.parse(waiting)) })}
            </span>
          )}
          <time className="row__time" dateTime={activityAt}>
            {formatTime(activityAt, i18n.language, line?.settings.timeZone, new Date(now))}
          </time>
        </div>
        <div className="row__message" id={`${props.id}-message`}>
          <span className="visually-hidden">{channel}. </span>
          {author && <span className="row__author">{author}</span>}
          {lastText}
        </div>
        <div className="row__meta" id={`${props.id}-meta`}>
          <span className={`status status--${dialog.status}`}>{t(`inbox.status.${dialog.status}`)}</span>
          {props.showLine && line && <span className="row__line">{line.name}</span>}
          {offeredToMe && <span className="tag tag--offer">{t('inbox.offeredToYou')}</span>}
          <span className="row__spacer" />
          {kpi && (
            <span className={`kpi kpi--${kpi.level}`}>
              {kpi.level === 'breached'
                ? t('inbox.kpi.breachedBy', { duration: formatDuration(t, -kpi.leftMs) })
                : t('inbox.kpi.left', { duration: formatDuration(t, kpi.leftMs) })}
            </span>
          )}
        </div>
      </div>
    </div>
  );
});
