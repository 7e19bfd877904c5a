import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../api';
import { dialogListKey } from './dialog-cache';
import { listQuery, type ListFilters } from './dialog-views';

export const PAGE_SIZE = 100;

/** One inbox list, a keyset page at a time (the API's nextCursor); live events keep it current. */
export function useDialogList(filters: ListFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: dialogListKey(filters),
    queryFn: ({ pageParam, signal }) =>
      api.dialogs(
        { ...listQuery(filters), limit: String(PAGE_SIZE), cursor: pageParam ?? undefined },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
    // the stream keeps lists fresh; refetching would reset the pages read so far
    staleTime: Infinity,
  });
}
