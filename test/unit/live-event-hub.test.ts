import pino from 'pino';
import type { DataSource } from 'typeorm';
import { DialogEntity, LiveEventEntity, type LiveEvent } from '../../db/entities';
import { LiveEventHub, type PushedEvent } from '../../api/live/live-event-hub';

/**
 * The hub must not skip events when the database fails in the middle of a round (found by the chaos
 * harness's MariaDB stop): the cursor moves only once the round's events were handed to the streams.
 */
describe('the live event hub while the database fails', () => {
  const event = (id: number): LiveEvent =>
    ({ id, dialogId: 'd1', type: 'dialog.offered', data: { seq: id }, createdAt: new Date() }) as LiveEvent;
  const stored = [event(1), event(2)];
  let dialogsDown = false;
  const dialog = { id: 'd1', status: 'offered', updatedAt: new Date(), offeredTo: [], participants: [] };
  const db = {
    getRepository: (entity: unknown) => {
      if (entity === LiveEventEntity)
        return {
          findOne: async () => ({ id: 0 }), // the newest id when the stream connected
          find: async ({ where }: { where: Array<{ id: { value: number } }> }) => {
            const after = where[0]!.id.value;
            return stored.filter((e) => e.id > after);
          },
        };
      if (entity === DialogEntity)
        return {
          findBy: async () => {
            if (dialogsDown) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
            return [dialog];
          },
        };
      throw new Error('unexpected repository');
    },
  } as unknown as DataSource;

  it('delivers, on the next round, the events of a round whose dialog read failed', async () => {
    const hub = new LiveEventHub(db, pino({ level: 'silent' }));
    const heard: PushedEvent[] = [];
    hub.subscribe({ accepts: () => true, send: (e) => heard.push(e), end: () => undefined });
    dialogsDown = true;
    await expect(hub.poll()).rejects.toThrow('ECONNREFUSED');
    expect(heard).toEqual([]);
    dialogsDown = false;
    await hub.poll();
    expect(heard.map((e) => e.id)).toEqual([1, 2]);
    await hub.poll(); // nothing new: nothing twice
    expect(heard.map((e) => e.id)).toEqual([1, 2]);
  });
});
