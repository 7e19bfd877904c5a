/** What the driver hears about one dialog (an SSE event or a baseline notice), with when it arrived. */
export interface Heard<T> {
  at: number;
  event: T;
}

/** Wall-clock milliseconds with sub-millisecond resolution (comparable with server timestamps). */
export const now = (): number => performance.timeOrigin + performance.now();

/**
 * Events per dialog, kept until the dialog's driver is done with them: a driver waits for the first
 * event that matches, whether it came before or after it started waiting.
 */
export class Mailbox<T> {
  private readonly boxes = new Map<
    string,
    { heard: Array<Heard<T>>; wake: Set<() => void>; ids: Set<string> }
  >();
  private readonly closed = new Set<string>();

  /** `id`: an event heard twice (several operators' streams carry it) is kept once. */
  deliver(dialogId: string, event: T, id: string | null = null, at = now()): void {
    if (this.closed.has(dialogId)) return;
    const box = this.box(dialogId);
    if (id !== null) {
      if (box.ids.has(id)) return;
      box.ids.add(id);
    }
    box.heard.push({ at, event });
    for (const wake of box.wake) wake();
  }

  waitFor(
    dialogId: string,
    match: (event: T) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<Heard<T>> {
    const box = this.box(dialogId);
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = box.heard.find((h) => match(h.event));
        if (!found) return false;
        clearTimeout(timer);
        box.wake.delete(check);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        box.wake.delete(check);
        reject(new Error(`${what}: nothing heard for dialog ${dialogId} in ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) box.wake.add(check);
    });
  }

  /** The dialog is finished: forget it, and ignore what still comes for it. */
  close(dialogId: string): void {
    this.boxes.delete(dialogId);
    this.closed.add(dialogId);
  }

  /** Listen for a closed dialog again (a later phase of the same run). */
  reopen(dialogId: string): void {
    this.closed.delete(dialogId);
  }

  private box(dialogId: string) {
    let box = this.boxes.get(dialogId);
    if (!box) this.boxes.set(dialogId, (box = { heard: [], wake: new Set(), ids: new Set() }));
    return box;
  }
}
