/** What a key does in the dialog list (a listbox): move the selection, open the selected dialog. */
export type ListKeyAction = { type: 'move'; to: number } | { type: 'open'; index: number } | null;

export function listKeyAction(key: string, selected: number, count: number, pageSize = 10): ListKeyAction {
  if (count === 0) return null;
  const at = Math.min(Math.max(selected, -1), count - 1);
  const clamp = (n: number) => Math.min(Math.max(n, 0), count - 1);
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return { type: 'move', to: clamp(at + 1) };
    case 'ArrowUp':
    case 'k':
      return { type: 'move', to: at < 0 ? 0 : clamp(at - 1) };
    case 'Home':
      return { type: 'move', to: 0 };
    case 'End':
      return { type: 'move', to: count - 1 };
    case 'PageDown':
      return { type: 'move', to: clamp(at + pageSize) };
    case 'PageUp':
      return { type: 'move', to: clamp(at - pageSize) };
    case 'Enter':
    case ' ':
      return at >= 0 ? { type: 'open', index: at } : null;
    default:
      return null;
  }
}
