/** What the widget keeps per channel in the host page's localStorage, so a reload is no new visitor. */
export interface Saved {
  token?: string;
  expiresAt?: string;
  /** the newest line message the visitor has seen (the badge counts the ones after it) */
  seenAt?: string;
}

/** localStorage under one key per channel; a page that forbids storage gets a session in memory only. */
export class ChannelStorage {
  private memory: Saved = {};
  private readonly key: string;

  constructor(channelId: string) {
    this.key = `lineflow-chat:${channelId}`;
  }

  read(): Saved {
    try {
      const saved = JSON.parse(localStorage.getItem(this.key) ?? '{}') as Saved;
      if (saved.expiresAt && Date.parse(saved.expiresAt) <= Date.now()) return {};
      return saved;
    } catch {
      return this.memory;
    }
  }

  write(changes: Partial<Saved>): void {
    const next = { ...this.read(), ...changes };
    this.memory = next;
    try {
      localStorage.setItem(this.key, JSON.stringify(next));
    } catch {
      // storage full or forbidden: the memory copy serves this page
    }
  }

  clear(): void {
    this.memory = {};
    try {
      localStorage.removeItem(this.key);
    } catch {
      // nothing stored
    }
  }

  /** Whether the panel was open in this tab (it stays open across the site's pages and reloads). */
  get open(): boolean {
    try {
      return sessionStorage.getItem(this.key) === 'open';
    } catch {
      return false;
    }
  }

  set open(value: boolean) {
    try {
      if (value) sessionStorage.setItem(this.key, 'open');
      else sessionStorage.removeItem(this.key);
    } catch {
      // not kept: the panel starts closed next time
    }
  }
}
