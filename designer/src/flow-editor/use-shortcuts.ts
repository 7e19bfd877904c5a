import { useEffect } from 'react';
import { isClipboardContent } from './flow-graph';
import { CLIPBOARD_STORAGE_KEY, useFlowEditor } from './flow-store';

const inText = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The clipboard of another tab or line (localStorage), else this tab's own. */
export function storedClipboard() {
  try {
    const raw = localStorage.getItem(CLIPBOARD_STORAGE_KEY);
    const value: unknown = raw ? JSON.parse(raw) : null;
    return isClipboardContent(value) ? value : useFlowEditor.getState().clipboard;
  } catch {
    return useFlowEditor.getState().clipboard;
  }
}

/**
 * The editor's shortcuts: undo Ctrl+Z, redo Ctrl+Shift+Z and Ctrl+Y (also in the inspector's fields,
 * where a form edit is a step like any other), copy Ctrl+C, paste Ctrl+V, duplicate Ctrl+D (on the
 * canvas, not while typing). Delete and Backspace, Tab and the arrows are xyflow's own.
 */
export function useShortcuts() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const store = useFlowEditor.getState();
      const key = event.key.toLowerCase();
      const typing = inText(event.target);
      if (key === 'z' && !event.shiftKey) store.undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') store.redo();
      else if (typing) return;
      else if (key === 'c') {
        if (!store.copy()) return;
      } else if (key === 'v') store.paste(storedClipboard());
      else if (key === 'd') store.duplicate();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
