import { useEffect } from 'react';
import { create } from 'zustand';

/** One clock for every ticking figure (waiting times, KPI time left), advanced once a second. */
const useClock = create<{ now: number; users: number }>()(() => ({ now: Date.now(), users: 0 }));
let timer: ReturnType<typeof setInterval> | undefined;

export function useNow(): number {
  useEffect(() => {
    useClock.setState((s) => ({ users: s.users + 1, now: Date.now() }));
    timer ??= setInterval(() => useClock.setState({ now: Date.now() }), 1000);
    return () => {
      useClock.setState((s) => ({ users: s.users - 1 }));
      if (useClock.getState().users === 0) {
        clearInterval(timer);
        timer = undefined;
      }
    };
  }, []);
  return useClock((s) => s.now);
}
