import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, type Line } from '../api';

export const LINES_KEY = ['lines'] as const;

/** The lines the employee works on (GET /api/lines), also by id. */
export function useLines() {
  const query = useQuery({ queryKey: LINES_KEY, queryFn: () => api.lines(), staleTime: 5 * 60_000 });
  const items = query.data?.items;
  const byId = useMemo(() => new Map((items ?? []).map((l) => [l.id, l] as const)), [items]);
  return { ...query, lines: items ?? ([] as Line[]), byId };
}
