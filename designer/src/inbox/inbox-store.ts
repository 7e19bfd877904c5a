import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { DialogSummary } from '../api';
import { isOpenStatus, type StatusFilter, type View } from './dialog-views';

const SEEN_LIMIT = 2000;

export interface InboxState {
  view: View;
  lineId: string;
  status: StatusFilter;
  /** opt-in alerts for a new offer to me */
  sound: boolean;
  desktop: boolean;
  /** when I last looked at each dialog (ISO time), to tell new client messages */
  seen: Record<string, string>;
  setView(view: View): void;
  setLine(lineId: string): void;
  setStatus(status: StatusFilter): void;
  setSound(on: boolean): void;
  setDesktop(on: boolean): void;
  markSeen(dialogId: string, at?: string): void;
}

/** The inbox's own state: filters and alert choices (kept across reloads) and what was read. */
export const useInbox = create<InboxState>()(
  persist(
    (set) => ({
      view: 'unanswered',
      lineId: '',
      status: '',
      sound: false,
      desktop: false,
      seen: {},
      setView: (view) => set({ view }),
      setLine: (lineId) => set({ lineId }),
      setStatus: (status) => set({ status }),
      setSound: (sound) => set({ sound }),
      setDesktop: (desktop) => set({ desktop }),
      markSeen: (dialogId, at = new Date().toISOString()) =>
        set(({ seen }) => {
          if (seen[dialogId] && seen[dialogId] >= at) return {};
          const entries = Object.entries({ ...seen, [dialogId]: at });
          // keep the newest ones: old dialogs have long been read or closed
          if (entries.length > SEEN_LIMIT) entries.sort((a, b) => (a[1] < b[1] ? 1 : -1)).length = SEEN_LIMIT;
          return { seen: Object.fromEntries(entries) };
        }),
    }),
    { name: 'lineflow.inbox', version: 1 },
  ),
);

/** An open dialog whose client wrote after I last looked at it. */
export function isUnread(
  dialog: Pick<DialogSummary, 'id' | 'status' | 'lastMessage'>,
  seen: Record<string, string>,
): boolean {
  if (!isOpenStatus(dialog.status) || dialog.lastMessage?.author !== 'client') return false;
  const lastSeen = seen[dialog.id];
  return !lastSeen || dialog.lastMessage.createdAt > lastSeen;
}
