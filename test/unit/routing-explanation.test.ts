import fc from 'fast-check';
import type { LineSettings } from '../../schemas/generated/line-settings';
import {
  chooseOperators,
  explainChoice,
  explainOffer,
  hasRoom,
  isAtLimit,
  isAvailable,
  unavailability,
  type AvailabilityRules,
  type QueueChoice,
  type QueueOperator,
  type QueueRequest,
} from '../../workflows/engine/routing-rules';

/**
 * The routing rules' own explanation of a queue step (whom it passed by, and why): the designer's dry
 * run shows it, so it must say exactly what the choice did, never a story of its own.
 */
const operator = (id: string, over: Partial<QueueOperator> = {}): QueueOperator => ({
  id,
  fired: false,
  online: true,
  workdayState: 'stopped',
  vacations: [],
  maxOpenDialogs: null,
  load: 0,
  lastAssignedAt: null,
  ...over,
});
const rules: AvailabilityRules = { timeTracking: false, today: '2026-01-05' };

/** The choice as the rules made it before they explained themselves: the oracle the property holds to. */
function choiceBefore(
  request: QueueRequest,
  operators: readonly QueueOperator[],
  line: LineSettings,
  at: AvailabilityRules,
  preferred: string | null,
): QueueChoice {
  const candidates = operators.filter(
    (o) => !request.tried.includes(o.id) && (!request.checkAvailability || isAvailable(o, at)),
  );
  if (!candidates.length) return { kind: 'exhausted' };
  const withRoom = candidates.filter((o) => hasRoom(o, line));
  if (!withRoom.length) return { kind: 'busy' };
  if (preferred !== null && request.tried.length === 0 && withRoom.some((o) => o.id === preferred))
    return { kind: 'offer', operatorIds: [preferred] };
  if (request.mode === 'all') return { kind: 'offer', operatorIds: withRoom.map((o) => o.id) };
  if (request.mode === 'strict') return { kind: 'offer', operatorIds: [withRoom[0]!.id] };
  const [next] = [...withRoom].sort(
    (a, b) =>
      a.load - b.load ||
      (a.lastAssignedAt ?? -Infinity) - (b.lastAssignedAt ?? -Infinity) ||
      withRoom.indexOf(a) - withRoom.indexOf(b),
  );
  return { kind: 'offer', operatorIds: [next!.id] };
}

describe('unavailability', () => {
  it('names the first rule that keeps an operator away, in the order the rule asks', () => {
    expect(unavailability(operator('a'), rules)).toBeNull();
    expect(unavailability(operator('a', { fired: true, online: false }), rules)).toBe('fired');
    const away = { vacations: [{ from: '2026-01-01', to: '2026-01-05' }], online: false };
    expect(unavailability(operator('a', away), rules)).toBe('vacation');
    expect(
      unavailability(operator('a', { vacations: [{ from: '2026-01-06', to: '2026-01-09' }] }), rules),
    ).toBeNull();
    expect(unavailability(operator('a', { online: false }), rules)).toBe('offline');
    const tracking = { ...rules, timeTracking: true };
    expect(unavailability(operator('a', { online: true }), tracking)).toBe('workdayNotStarted');
    expect(unavailability(operator('a', { online: false, workdayState: 'started' }), tracking)).toBeNull();
  });

  it('is what isAvailable asks', () => {
    expect(isAvailable(operator('a', { online: false }), rules)).toBe(false);
    expect(isAvailable(operator('a'), rules)).toBe(true);
  });
});

describe('explainChoice', () => {
  const line: LineSettings = { loadLimit: { enabled: true, max: 2 } };

  it('says why each operator it passed by was skipped', () => {
    const operators = [
      operator('tried'),
      operator('fired', { fired: true }),
      operator('off', { online: false }),
      operator('holiday', { vacations: [{ from: '2026-01-05', to: '2026-01-05' }] }),
      operator('full', { load: 2 }),
      operator('free', { load: 1 }),
      operator('own', { maxOpenDialogs: 5, load: 4 }),
    ];
    const explained = explainChoice(
      { mode: 'strict', checkAvailability: true, tried: ['tried'] },
      operators,
      line,
      rules,
    );
    expect(explained.choice).toEqual({ kind: 'offer', operatorIds: ['free'] });
    expect(explained.skipped).toEqual([
      { operatorId: 'tried', reason: 'alreadyTried' },
      { operatorId: 'fired', reason: 'fired' },
      { operatorId: 'off', reason: 'offline' },
      { operatorId: 'holiday', reason: 'vacation' },
      { operatorId: 'full', reason: 'atLimit' },
    ]);
    expect(isAtLimit(operators[4]!, line)).toBe(true);
    expect(isAtLimit(operators[6]!, line)).toBe(false);
  });

  it('without the availability check only tries and limits skip', () => {
    const explained = explainChoice(
      { mode: 'all', checkAvailability: false, tried: [] },
      [operator('off', { online: false }), operator('full', { load: 2 })],
      line,
      rules,
    );
    expect(explained).toEqual({
      choice: { kind: 'offer', operatorIds: ['off'] },
      skipped: [{ operatorId: 'full', reason: 'atLimit' }],
    });
  });

  it('busy when everyone who could take it is at the limit; exhausted when nobody could', () => {
    const full = [operator('a', { load: 2 }), operator('b', { online: false })];
    expect(explainChoice({ mode: 'evenly', checkAvailability: true, tried: [] }, full, line, rules)).toEqual({
      choice: { kind: 'busy' },
      skipped: [
        { operatorId: 'a', reason: 'atLimit' },
        { operatorId: 'b', reason: 'offline' },
      ],
    });
    const away = [operator('a', { fired: true }), operator('b', { online: false })];
    expect(
      explainChoice({ mode: 'evenly', checkAvailability: true, tried: [] }, away, line, rules).choice,
    ).toEqual({
      kind: 'exhausted',
    });
  });

  it('explainOffer turns an offer that would starve older dialogs into busy, keeping the reasons', () => {
    const operators = [operator('a', { load: 1 }), operator('b', { online: false })];
    const older = [{ dialogId: 'd0', since: 0, tried: [] }];
    expect(
      explainOffer(
        { mode: 'strict', checkAvailability: true, tried: [] },
        operators,
        line,
        rules,
        null,
        older,
      ),
    ).toEqual({
      choice: { kind: 'busy' },
      skipped: [{ operatorId: 'b', reason: 'offline' }],
    });
  });

  it('property: the explained choice is the choice the rules always made, and no operator offered is skipped', () => {
    const anOperator = fc.record({
      fired: fc.boolean(),
      online: fc.boolean(),
      workdayState: fc.constantFrom('started' as const, 'paused' as const, 'stopped' as const),
      onVacation: fc.boolean(),
      maxOpenDialogs: fc.option(fc.integer({ min: 0, max: 3 })),
      load: fc.integer({ min: 0, max: 4 }),
      lastAssignedAt: fc.option(fc.integer({ min: 0, max: 10 })),
    });
    fc.assert(
      fc.property(
        fc.array(anOperator, { maxLength: 6 }),
        fc.constantFrom('strict' as const, 'evenly' as const, 'all' as const),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 3 })),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
        fc.option(fc.integer({ min: 0, max: 5 })),
        (specs, mode, checkAvailability, timeTracking, lineMax, triedIdx, preferredIdx) => {
          const operators = specs.map(({ onVacation, ...o }, i) =>
            operator(`op${i}`, {
              ...o,
              vacations: onVacation ? [{ from: '2026-01-05', to: '2026-01-05' }] : [],
            }),
          );
          const settings: LineSettings =
            lineMax === null ? {} : { loadLimit: { enabled: true, max: lineMax } };
          const at = { ...rules, timeTracking };
          const request = { mode, checkAvailability, tried: triedIdx.map((i) => `op${i}`) };
          const preferred = preferredIdx === null ? null : `op${preferredIdx}`;
          const explained = explainChoice(request, operators, settings, at, preferred);
          expect(explained.choice).toEqual(choiceBefore(request, operators, settings, at, preferred));
          expect(chooseOperators(request, operators, settings, at, preferred)).toEqual(explained.choice);
          const skippedIds = explained.skipped.map((s) => s.operatorId);
          if (explained.choice.kind === 'offer')
            for (const id of explained.choice.operatorIds) expect(skippedIds).not.toContain(id);
          else expect(skippedIds).toEqual(operators.map((o) => o.id)); // nobody could take it: all skipped
        },
      ),
    );
  });
});
