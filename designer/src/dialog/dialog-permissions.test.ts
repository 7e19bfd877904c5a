import { allowedActions, type DialogState, type Person } from './dialog-permissions';

const operator: Person = { id: 'op1', role: 'operator' };
const colleague: Person = { id: 'op2', role: 'operator' };
const supervisor: Person = { id: 'sup', role: 'supervisor' };
const dialog = (over: Partial<DialogState> = {}): DialogState => ({
  status: 'offered',
  responsibleOperatorId: null,
  offeredTo: ['op1'],
  pinned: false,
  leadId: null,
  ...over,
});
const sorted = (d: DialogState, p: Person) => [...allowedActions(d, p)].sort();

describe('which buttons a person sees (mirroring workflows/operator-actions.ts)', () => {
  it('offers Accept to whom the dialog is offered, and to everyone when it is offered to nobody', () => {
    expect(sorted(dialog(), operator)).toEqual(['accept']);
    expect(sorted(dialog(), colleague)).toEqual([]);
    expect(sorted(dialog({ offeredTo: [] }), colleague)).toEqual(['accept']);
  });

  it("gives the responsible operator the dialog's work, but not take-over or rating", () => {
    const mine = dialog({ status: 'in_progress', responsibleOperatorId: 'op1', offeredTo: [] });
    expect(sorted(mine, operator)).toEqual(['close', 'invite', 'lead', 'pin', 'send', 'spam', 'transfer']);
    expect(sorted({ ...mine, pinned: true, leadId: 'lead-1' }, operator)).toEqual([
      'close',
      'invite',
      'send',
      'spam',
      'transfer',
    ]);
    // someone else's dialog: nothing to press
    expect(sorted(mine, colleague)).toEqual([]);
  });

  it('lets supervisors take over, rate and handle any dialog, but pin only their own', () => {
    const others = dialog({ status: 'in_progress', responsibleOperatorId: 'op1', offeredTo: [] });
    expect(sorted(others, supervisor)).toEqual([
      'close',
      'invite',
      'lead',
      'rate',
      'send',
      'spam',
      'take',
      'transfer',
    ]);
    // unassigned: Accept rather than take-over (offered to someone else or not)
    expect(allowedActions(dialog(), supervisor).has('accept')).toBe(true);
    expect(allowedActions(dialog(), supervisor).has('take')).toBe(false);
    expect(allowedActions({ ...others, responsibleOperatorId: 'sup' }, supervisor).has('pin')).toBe(true);
  });

  it('leaves a closed dialog the lead and rating while the rating is awaited, and nothing once it ended', () => {
    const awaiting = dialog({
      status: 'closed_awaiting_rating',
      responsibleOperatorId: 'op1',
      offeredTo: [],
    });
    expect(sorted(awaiting, operator)).toEqual(['lead']);
    expect(sorted(awaiting, supervisor)).toEqual(['lead', 'rate']);
    for (const status of ['closed', 'spam', 'force_closed']) {
      expect(sorted({ ...awaiting, status }, operator)).toEqual([]);
      expect(sorted({ ...awaiting, status }, supervisor)).toEqual([]);
    }
  });

  it('treats a dialog transferred to another line as open and waiting for someone to accept', () => {
    expect(sorted(dialog({ status: 'transferred', offeredTo: [] }), colleague)).toEqual(['accept']);
  });
});
