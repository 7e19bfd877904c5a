import scriptSchema from '../../../../schemas/flow-simulation-script.schema.json';
import type { ScriptEvent, SimulationScript } from './simulation-api';

/**
 * The script editor's model: rows a person reads as "at 2m, Operator 1 accepts", turned into the
 * request's script and back. Durations are checked by the server's own patterns (the script schema).
 */
export type Actor = 'client' | 'operator';
export type ClientAction = 'writes' | 'rates';
export type OperatorAction = 'accepts' | 'answers' | 'closes';
export type Action = ClientAction | OperatorAction;
export const CLIENT_ACTIONS: readonly ClientAction[] = ['writes', 'rates'];
export const OPERATOR_ACTIONS: readonly OperatorAction[] = ['accepts', 'answers', 'closes'];
export const RATINGS = ['5', '4', '3', '2', '1', 'like', 'dislike'] as const;

export interface ScriptRow {
  /** stable React key */
  key: number;
  at: string;
  who: Actor;
  /** the operator who acts; '' = whoever has the dialog or is offered it */
  operatorId: string;
  what: Action;
  text: string;
  rating: (typeof RATINGS)[number];
}

export interface OperatorOverride {
  online: boolean;
  openDialogs: number;
}

export interface ScriptDraft {
  rows: ScriptRow[];
  outsideHours: boolean;
  returningClient: boolean;
  runFor: string;
  /** by operator id; an operator not listed is online with no other dialogs */
  overrides: Record<string, OperatorOverride>;
}

const AT_PATTERN = new RegExp(scriptSchema.properties.events.items.properties.at.pattern);
const RUN_FOR_PATTERN = new RegExp(scriptSchema.properties.runFor.pattern);
export const MAX_EVENTS = scriptSchema.properties.events.maxItems;

/** "0s", " 2M " → "0", "2m": what people type, as the duration syntax writes it. */
export function normalizeDuration(text: string): string {
  const trimmed = text.trim().toLowerCase();
  return /^0+(ms|s|m|h|d)?$/.test(trimmed) ? '0' : trimmed;
}
export const isEventTime = (text: string) => AT_PATTERN.test(normalizeDuration(text));
export const isRunFor = (text: string) => RUN_FOR_PATTERN.test(normalizeDuration(text));

let nextKey = 1;
export function newRow(over: Partial<Omit<ScriptRow, 'key'>> = {}): ScriptRow {
  return {
    key: nextKey++,
    at: '0',
    who: 'client',
    operatorId: '',
    what: 'writes',
    text: '',
    rating: '5',
    ...over,
  };
}

const EVENT_OF: Record<Action, ScriptEvent['type']> = {
  writes: 'client.message',
  rates: 'rating.received',
  accepts: 'operator.accept',
  answers: 'operator.message',
  closes: 'operator.close',
};

/** The request's script of a draft. */
export function toScript(draft: ScriptDraft): SimulationScript {
  const events: ScriptEvent[] = draft.rows.map((row) => {
    const event: ScriptEvent = { at: normalizeDuration(row.at), type: EVENT_OF[row.what] };
    if (row.who === 'operator' && row.operatorId) event.operator = row.operatorId;
    if (row.what === 'writes' || row.what === 'answers') event.text = row.text;
    if (row.what === 'rates')
      event.rating = row.rating === 'like' || row.rating === 'dislike' ? row.rating : Number(row.rating);
    return event;
  });
  const facts: NonNullable<SimulationScript['facts']> = {};
  if (draft.outsideHours) facts.withinWorkingHours = false;
  if (draft.returningClient) Object.assign(facts, { clientKnown: true, firstContact: false });
  const operators = Object.entries(draft.overrides)
    .filter(([, o]) => !o.online || o.openDialogs > 0)
    .map(([id, o]) => ({ id, online: o.online, openDialogs: o.openDialogs }));
  return {
    events,
    ...(Object.keys(facts).length ? { facts } : {}),
    ...(operators.length ? { operators } : {}),
    runFor: normalizeDuration(draft.runFor),
  };
}

/** A saved script, back in the editor. */
export function fromScript(script: SimulationScript): ScriptDraft {
  const rows = script.events.map((event) => {
    const what = (Object.keys(EVENT_OF) as Action[]).find((a) => EVENT_OF[a] === event.type) ?? 'writes';
    const who: Actor = what === 'writes' || what === 'rates' ? 'client' : 'operator';
    const rating = RATINGS.find((r) => r === String(event.rating ?? '5')) ?? '5';
    return newRow({
      at: event.at,
      who,
      what,
      operatorId: event.operator ?? '',
      text: event.text ?? '',
      rating,
    });
  });
  const overrides: ScriptDraft['overrides'] = {};
  for (const o of script.operators ?? [])
    overrides[o.id] = { online: o.online ?? true, openDialogs: o.openDialogs ?? 0 };
  return {
    rows,
    outsideHours: script.facts?.withinWorkingHours === false,
    returningClient: script.facts?.clientKnown === true,
    runFor: script.runFor,
    overrides,
  };
}

export type PresetId = 'nobodyAccepts' | 'acceptAndRate' | 'outsideHours';
export const PRESETS: readonly PresetId[] = ['nobodyAccepts', 'acceptAndRate', 'outsideHours'];

/** The ready-made scripts; the client's words come in the person's language. */
export function preset(id: PresetId, hello: string): ScriptDraft {
  const base = { outsideHours: false, returningClient: false, overrides: {} };
  const greeting = newRow({ at: '0', who: 'client', what: 'writes', text: hello });
  switch (id) {
    case 'nobodyAccepts':
      return { ...base, rows: [greeting], runFor: '3m' };
    case 'acceptAndRate':
      return {
        ...base,
        rows: [
          greeting,
          newRow({ at: '2m', who: 'operator', what: 'accepts' }),
          newRow({ at: '3m', who: 'operator', what: 'answers', text: '…' }),
          newRow({ at: '9m', who: 'operator', what: 'closes' }),
          newRow({ at: '10m', who: 'client', what: 'rates', rating: '5' }),
        ],
        runFor: '15m',
      };
    case 'outsideHours':
      return { ...base, outsideHours: true, rows: [greeting], runFor: '10m' };
  }
}

/** m:ss from the start (h:mm:ss past an hour, "2d 3:04:05" past a day). */
export function formatClock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  const clock = h || days ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
  return days ? `${days}d ${clock}` : clock;
}
