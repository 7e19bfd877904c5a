import { create } from 'zustand';
import type { LoginResponse } from './responses';

const STORAGE_KEY = 'lineflow.session';

export type SessionUser = LoginResponse['user'];

interface StoredSession {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

export interface SessionState {
  token: string | null;
  expiresAt: string | null;
  user: SessionUser | null;
  /** why the person was sent to the login page (session expired…), shown there once */
  notice: string | null;
  /** the person signed out here (the login page says so, and asks for no return) */
  signedOut: boolean;
  signIn(login: LoginResponse): void;
  signOut(): void;
  /** the API refused the token: drop it and say why on the login page */
  expire(reason: string): void;
  clearNotice(): void;
}

function readStored(): StoredSession | null {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as StoredSession | null;
    if (!stored?.token || Date.parse(stored.expiresAt) <= Date.now()) return null;
    return stored;
  } catch {
    return null;
  }
}

const stored = typeof localStorage === 'undefined' ? null : readStored();

/**
 * Who is signed in. The token is kept in localStorage so every tab of the app shares one session and a
 * reload keeps it; signing out in one tab signs out the others (the storage event below).
 */
export const useSession = create<SessionState>()((set) => ({
  token: stored?.token ?? null,
  expiresAt: stored?.expiresAt ?? null,
  user: stored?.user ?? null,
  notice: null,
  signedOut: false,
  signIn: ({ token, expiresAt, user }) => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ token, expiresAt, user } satisfies StoredSession));
    set({ token, expiresAt, user, notice: null, signedOut: false });
  },
  signOut: () => {
    localStorage.removeItem(STORAGE_KEY);
    set({ token: null, expiresAt: null, user: null, notice: null, signedOut: true });
  },
  expire: (reason) => {
    localStorage.removeItem(STORAGE_KEY);
    set({ token: null, expiresAt: null, user: null, notice: reason });
  },
  clearNotice: () => set({ notice: null }),
}));

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY) return;
    const next = readStored();
    if (next) useSession.setState({ token: next.token, expiresAt: next.expiresAt, user: next.user });
    else useSession.setState({ token: null, expiresAt: null, user: null, signedOut: true });
  });
}
