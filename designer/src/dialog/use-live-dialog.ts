import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DialogDetail } from '../api';
import { useLiveEvent, useLiveStatus } from '../api/live-events';
import { mergeLiveEvent } from './live-merge';
import { dialogKey } from './use-dialog';

/**
 * Keeps the open dialog's cache entry current from the app's one event stream (app/LiveEvents.tsx):
 * each event of this dialog is folded in, so new messages appear without a reload. When the stream
 * comes back after a break the dialog is read again, as the gap may hold more than the stream replays.
 */
export function useLiveDialog(id: string) {
  const queryClient = useQueryClient();
  useLiveEvent((event) => {
    if (event.dialogId !== id) return;
    queryClient.setQueryData<DialogDetail>(dialogKey(id), (old) => old && mergeLiveEvent(old, event));
  });
  const status = useLiveStatus((s) => s.status);
  const wasConnected = useRef(status === 'connected');
  useEffect(() => {
    if (status === 'connected' && !wasConnected.current)
      void queryClient.invalidateQueries({ queryKey: dialogKey(id) });
    wasConnected.current = status === 'connected';
  }, [status, id, queryClient]);
}
