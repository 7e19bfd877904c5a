import { useEffect, type RefObject } from 'react';

/**
 * While a popup is open: Escape, or a press outside `root`, closes it (`dismiss`). `opened` runs when it
 * opens (e.g. to move the focus into it). The one way the app's menus and panels close.
 */
export function useDismiss(
  open: boolean,
  root: RefObject<HTMLElement | null>,
  dismiss: () => void,
  opened?: () => void,
): void {
  useEffect(() => {
    if (!open) return;
    opened?.();
    const close = (event: MouseEvent | KeyboardEvent) => {
      const outside =
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !root.current?.contains(event.target as Node);
      if (outside) dismiss();
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
    // `dismiss` and `opened` are read when the popup opens
  }, [open]);
}
