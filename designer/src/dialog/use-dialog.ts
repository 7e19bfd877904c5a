import { useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type DialogDetail } from '../api';
import { useSession } from '../api/session';
import { dialogApi, type Colleague } from './dialog-api';

export const dialogKey = (id: string) => ['dialog', id] as const;
export const COLLEAGUES_KEY = ['operators'] as const;
export const quickRepliesKey = (lineId: string) => ['quick-replies', lineId] as const;
export const clientKey = (id: string) => ['client', id] as const;

/** The open dialog (GET /api/dialogs/:id); the live stream keeps this cache entry current. */
export function useDialog(id: string) {
  return useQuery({
    queryKey: dialogKey(id),
    queryFn: ({ signal }) => api.dialog(id, signal),
    // the stream folds new messages and state into the cache; asking again is for reconnects
    staleTime: 60_000,
  });
}

/** Colleagues by id (GET /api/operators: the people of my lines; admins: everyone). */
export function useColleagues() {
  const role = useSession((s) => s.user?.role);
  const query = useQuery({
    queryKey: COLLEAGUES_KEY,
    queryFn: () => dialogApi.colleagues(),
    enabled: role !== undefined,
    staleTime: 5 * 60_000,
  });
  const items = query.data?.items;
  const byId = useMemo(() => new Map((items ?? []).map((c) => [c.id, c] as const)), [items]);
  return { ...query, colleagues: items ?? ([] as Colleague[]), byId, available: role !== undefined };
}

/**
 * An action on the dialog: afterwards the dialog is read again (the inbox lists follow the event
 * stream), also after a refusal, which usually means this view was behind (someone else was faster).
 * A refusal is the mutation's error, whose message is the API's reason.
 */
export function useDialogMutation<Vars>(dialogId: string, run: (vars: Vars) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: dialogKey(dialogId) }),
  });
}

export type { DialogDetail };
