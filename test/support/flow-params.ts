/**
 * Params per node type for generated flows: valid ones, and ones each wrong in one way. The validator's
 * properties (test/unit/validate-flow.property.test.ts) and the flow fuzzer (flow-fuzz.test.ts) draw
 * from them; a new node type adds its pools here.
 */

export const predicates = [
  { fact: 'withinWorkingHours', equals: true },
  { any: [{ fact: 'rating', lessThan: 3 }, { not: { fact: 'tags', contains: 'vip' } }] },
  { fact: 'variable', name: 'priority', in: ['urgent', 'high'] },
  { fact: 'messageText', matches: '^refund\\b' },
];
export const badPredicates = [
  { fact: 'rating', equals: 5, greaterThan: 3 },
  { fact: 'variable', equals: 'urgent' },
  { fact: 'messageText', matches: '(' },
  { fact: 'weather', equals: 'rain' },
  { all: [] },
];

export const VALID_PARAMS: Record<string, Array<Record<string, unknown>>> = {
  trigger: [
    { event: 'dialog.started' },
    { event: 'kpi.firstAnswer.exceeded' },
    { event: 'client.inactive', after: '30m' },
  ],
  condition: predicates.map((when) => ({ when })),
  switch: [
    { cases: [{ name: 'vip', when: predicates[0] }] },
    {
      cases: [
        { name: 'a', when: predicates[1] },
        { name: 'b', when: predicates[2] },
      ],
    },
  ],
  action: [
    { activity: 'callWebhook', input: { url: 'https://crm.example.com/hook', timeoutSeconds: 5 } },
    { activity: 'classifyPriority', input: { text: 'refund please' }, resultVariable: 'priority' },
  ],
  queue: [
    { mode: 'strict', stepTimeout: '5m', rounds: 2 },
    { mode: 'all', stepTimeout: '12h', checkAvailability: false },
  ],
  wait: [
    { event: 'client.message', timeout: '10m' },
    { event: 'rating.received', timeout: '1s' },
  ],
  delay: [{ duration: '30s' }, { duration: '2d' }, { duration: '8h', workingHoursOnly: true }],
  bot: [
    { faq: [{ keywords: ['price'], answer: 'See our prices page.' }], handOverAfter: '2m' },
    {
      faq: [{ keywords: ['a', 'b'], answer: 'x' }],
      handOverAfter: '1h',
      firstContactOnly: true,
      handOverWords: [],
    },
  ],
  setVariable: [
    { name: 'tries', value: 1 },
    { name: 'flag', value: null },
  ],
  tag: [{ tag: 'vip' }, { tag: 'vip', remove: true }],
  transfer: [{ lineId: 'sales' }, { operatorId: 'op-7' }],
  close: [{}, { status: 'spam' }],
  end: [{}],
  split: [{ percentA: 0 }, { percentA: 30 }],
};

export const INVALID_PARAMS: Record<string, Array<Record<string, unknown>>> = {
  trigger: [{ event: 'client.inactive' }, { event: 'dialog.started', after: '5m' }, { event: 'never' }, {}],
  condition: [...badPredicates.map((when) => ({ when })), {}],
  switch: [{ cases: [] }, { cases: [{ name: 'default', when: predicates[0] }] }, { cases: [{ name: 'x' }] }],
  action: [
    { activity: 'sendSms', input: { to: '+1' } },
    { activity: 'callWebhook', input: { url: 'ftp://x' } },
    { activity: 'callWebhook' },
    { activity: 'classifyPriority', input: { text: 1 } },
    { activity: 'Not A Name' },
  ],
  queue: [
    { mode: 'random', stepTimeout: '5m' },
    { mode: 'strict', stepTimeout: '30s' },
    { mode: 'strict', stepTimeout: '13h' },
    { mode: 'strict' },
  ],
  wait: [
    { event: 'client.message', timeout: '31d' },
    { event: 'dialog.started', timeout: '1m' },
  ],
  delay: [{ duration: '0' }, { duration: '5 minutes' }, { duration: '1m', workingHoursOnly: 'yes' }],
  bot: [
    { faq: [], handOverAfter: '2m' },
    { faq: [{ keywords: ['x'], answer: 'y' }], handOverAfter: '5s' },
    { faq: [{ keywords: [], answer: 'y' }], handOverAfter: '1m' },
    { handOverAfter: '1m' },
  ],
  setVariable: [{ name: '1x', value: 1 }, { name: 'x' }, { name: 'x', value: [] }],
  tag: [{ tag: '' }, { tag: 'x', colour: 'red' }],
  transfer: [{}, { lineId: 'a', operatorId: 'b' }],
  close: [{ status: 'deleted' }],
  end: [{ next: 'x' }],
  split: [{ percentA: 101 }, { percentA: 0.5 }, {}],
};
