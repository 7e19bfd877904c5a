import { useLayoutEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DialogDetail, MessageView } from '../api';
import { formatDateTime, formatTime } from '../app/format';
import { SHOWN_AS_MESSAGE, timelineText, timelineTone, type TimelineEntry } from './timeline-text';

type Item =
  | { kind: 'message'; at: string; key: string; message: MessageView }
  | { kind: 'event'; at: string; key: string; entry: TimelineEntry };

export interface MessageListProps {
  dialog: DialogDetail;
  showTimeline: boolean;
  /** the flow's node-by-node steps too (quiet, for finding out why something happened) */
  showFlowSteps: boolean;
  timeZone: string;
  clientName: string;
  name: (id: string | null) => string;
  lineName: (id: string) => string;
}

/** Messages in order, each author styled apart, notes as notes; the timeline interleaved by time. */
export function MessageList({
  dialog,
  showTimeline,
  showFlowSteps,
  timeZone,
  clientName,
  name,
  lineName,
}: MessageListProps) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const items = useMemo(() => {
    const list: Item[] = dialog.messages.map((message) => ({
      kind: 'message',
      at: message.createdAt,
      key: `m:${message.id}`,
      message,
    }));
    if (showTimeline)
      for (const entry of dialog.timeline)
        if (!SHOWN_AS_MESSAGE.has(entry.type) && (showFlowSteps || entry.type !== 'flow.node'))
          list.push({ kind: 'event', at: entry.at, key: `e:${entry.seq}`, entry });
    // stable: at the same instant a message stays before the event it caused
    return list
      .map((item, index) => ({ item, index }))
      .sort((a, b) => (a.item.at < b.item.at ? -1 : a.item.at > b.item.at ? 1 : a.index - b.index))
      .map(({ item }) => item);
  }, [dialog.messages, dialog.timeline, showTimeline, showFlowSteps]);

  // Follow the conversation: stay at the bottom when new items arrive, unless the person scrolled up.
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [items.length]);

  return (
    <div
      className="messages"
      ref={scroller}
      onScroll={(event) => {
        const el = event.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
      // a scrolling region must be reachable by keyboard
      tabIndex={0}
      role="log"
      aria-label={t('dialog.messages.label')}
      aria-live="polite"
    >
      {items.length === 0 ? (
        <p className="messages__empty">{t('dialog.messages.empty')}</p>
      ) : (
        <ol className="messages__list">
          {items.map((item) =>
            item.kind === 'message' ? (
              <MessageItem
                key={item.key}
                message={item.message}
                author={authorLabel(item.message)}
                time={formatTime(item.message.createdAt, i18n.language, timeZone)}
                fullTime={formatDateTime(item.message.createdAt, i18n.language, timeZone)}
              />
            ) : (
              <li key={item.key} className={`event event--${timelineTone(item.entry)}`}>
                <span className="event__text">{timelineText(t, item.entry, name, lineName)}</span>
                <time
                  className="event__time"
                  dateTime={item.entry.at}
                  title={formatDateTime(item.entry.at, i18n.language, timeZone)}
                >
                  {formatTime(item.entry.at, i18n.language, timeZone)}
                </time>
              </li>
            ),
          )}
        </ol>
      )}
    </div>
  );

  function authorLabel(message: MessageView): string {
    switch (message.author) {
      case 'client':
        return clientName;
      case 'operator':
        return name(message.authorId);
      case 'bot':
        return t('dialog.author.bot');
      default:
        return t('dialog.author.system');
    }
  }
}

function MessageItem({
  message,
  author,
  time,
  fullTime,
}: {
  message: MessageView;
  author: string;
  time: string;
  fullTime: string;
}) {
  const { t } = useTranslation();
  const kind = message.hidden ? 'note' : message.author;
  return (
    <li className={`message message--${kind}`}>
      <div className="message__bubble">
        <div className="message__meta">
          {message.hidden && <span className="message__note-tag">{t('dialog.messages.note')}</span>}
          <span className="message__author">{author}</span>
          <time className="message__time" dateTime={message.createdAt} title={fullTime}>
            {time}
          </time>
        </div>
        {message.text !== null && <p className="message__text">{message.text}</p>}
        {message.attachments.length > 0 && (
          <ul className="message__attachments" aria-label={t('dialog.messages.attachments')}>
            {message.attachments.map((attachment, i) => (
              <li key={i}>
                {/^https?:\/\//i.test(attachment) ? (
                  <a href={attachment} target="_blank" rel="noopener noreferrer nofollow">
                    {attachment}
                  </a>
                ) : (
                  attachment
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}
