import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { DialogSummary, Line } from '../api';
import { DialogRow } from './DialogRow';
import { listKeyAction } from './list-keys';

const ROW_HEIGHT = 84;

export interface DialogListProps {
  dialogs: DialogSummary[];
  label: string;
  linesById: Map<string, Line>;
  me: string;
  openId: string | undefined;
  isUnread(dialog: DialogSummary): boolean;
  onOpen(dialog: DialogSummary): void;
  /** near the end of what is loaded: read the next page */
  onNearEnd(): void;
  footer?: React.ReactNode;
}

/**
 * The dialogs as a listbox: one tab stop, ↑/↓ (j/k), Home/End, PageUp/PageDown move the selection
 * (aria-activedescendant), Enter opens. Only the rows in view are rendered (@tanstack/react-virtual),
 * so a thousand dialogs scroll as smoothly as ten.
 */
export function DialogList(props: DialogListProps) {
  const { dialogs, onNearEnd } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [selectedId, setSelectedId] = useState<string | undefined>(props.openId);
  const selected = dialogs.findIndex((d) => d.id === (selectedId ?? props.openId));

  const virtualizer = useVirtualizer({
    count: dialogs.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => dialogs[index]!.id,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (lastShown >= dialogs.length - 20) onNearEnd();
  }, [lastShown, dialogs.length, onNearEnd]);
  useEffect(() => {
    if (props.openId) setSelectedId(props.openId);
  }, [props.openId]);

  const optionId = (id: string) => `dialog-option-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const onOpen = useRef(props.onOpen);
  useEffect(() => {
    onOpen.current = props.onOpen;
  });
  const open = useCallback(
    (dialog: DialogSummary, index: number) => {
      setSelectedId(dialog.id);
      virtualizer.scrollToIndex(index, { align: 'auto' });
      onOpen.current(dialog);
    },
    [virtualizer],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const pageSize = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
    const action = listKeyAction(event.key, selected, dialogs.length, pageSize);
    if (!action) return;
    event.preventDefault();
    if (action.type === 'move') {
      setSelectedId(dialogs[action.to]!.id);
      virtualizer.scrollToIndex(action.to, { align: 'auto' });
    } else open(dialogs[action.index]!, action.index);
  };

  const active = selected >= 0 ? dialogs[selected] : undefined;
  return (
    <div className="list" ref={scroller}>
      <div
        role="listbox"
        tabIndex={0}
        aria-label={props.label}
        aria-activedescendant={active ? optionId(active.id) : undefined}
        className="list__box"
        style={{ height: virtualizer.getTotalSize() }}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (selected < 0 && dialogs.length) setSelectedId(dialogs[0]!.id);
        }}
      >
        {items.map((item) => {
          const dialog = dialogs[item.index]!;
          return (
            <DialogRow
              key={item.key}
              id={optionId(dialog.id)}
              dialog={dialog}
              line={props.linesById.get(dialog.lineId)}
              showLine={props.linesById.size > 1}
              me={props.me}
              unread={props.isUnread(dialog)}
              selected={item.index === selected}
              open={dialog.id === props.openId}
              index={item.index}
              count={dialogs.length}
              start={item.start}
              onOpen={open}
            />
          );
        })}
      </div>
      {props.footer}
    </div>
  );
}
