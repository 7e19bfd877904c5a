import { useQuery } from '@tanstack/react-query';
import { api, type Me, type Presence } from '../api';
import { useSession } from '../api/session';

export const ME_KEY = ['me'] as const;

/** The signed-in employee (GET /api/me): role, lines, presence, workday. */
export function useMe() {
  const token = useSession((s) => s.token);
  return useQuery({ queryKey: ME_KEY, queryFn: () => api.me(), enabled: !!token, staleTime: 60_000 });
}

export function presenceOf(me: Pick<Me, 'online'> & Partial<Pick<Me, 'presence'>>): Presence {
  return me.presence ?? (me.online ? 'online' : 'offline');
}

export const canSupervise = (role: string | undefined) => role === 'admin' || role === 'supervisor';
