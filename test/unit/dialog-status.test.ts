import { DIALOG_STATUSES, statusAfter, type DialogStatus } from '../../workflows/engine/dialog-status';

/** The dialog's status machine (workflows/engine/dialog-status.ts): the answers the read model writes. */
describe('dialog status machine', () => {
  it.each<[DialogStatus, DialogStatus]>([
    ['in_progress', 'waiting_client'],
    ['waiting_client', 'waiting_client'],
    // a supervisor answering a dialog nobody has: it stays where the queue can still give it away
    ['new', 'new'],
    ['offered', 'offered'],
    ['transferred', 'transferred'],
    // an answer after the close changes nothing
    ['closed_awaiting_rating', 'closed_awaiting_rating'],
    ['closed', 'closed'],
    ['spam', 'spam'],
    ['force_closed', 'force_closed'],
  ])('an answer to a dialog in %s leaves it %s', (current, next) => {
    expect(statusAfter(current, { type: 'answered' })).toBe(next);
  });

  it('only an answer to an assigned dialog waits for the client', () => {
    const waiting = DIALOG_STATUSES.filter((s) => statusAfter(s, { type: 'answered' }) === 'waiting_client');
    expect(waiting).toEqual(['in_progress', 'waiting_client']);
  });

  it('an accept, a take-over or a transfer to a colleague moves an unassigned dialog to in_progress', () => {
    for (const s of ['new', 'offered', 'transferred'] as const)
      expect(statusAfter(s, { type: 'accepted' })).toBe('in_progress');
    expect(statusAfter('spam', { type: 'accepted' })).toBe('spam');
  });
});
