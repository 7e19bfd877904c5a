import { loadCatalog } from '../../activities/registry';
import { validateFlow, type FlowProblem } from '../../workflows/engine/validate-flow';

/**
 * The flow validator (docs/flows.md §7): JSON Schema of the document, params per node type, action inputs per
 * activity (the real catalog), and the graph rules. Each rule is checked on a small change to one
 * valid, realistic flow, asserting the JSON pointer and node id the designer highlights.
 */
const catalog = loadCatalog();

type Doc = {
  schemaVersion: unknown;
  name?: unknown;
  nodes: Array<{ id: string; type: string; params: Record<string, any>; label?: string }>;
  edges: Array<{ source: string; target: string; sourceHandle?: string }>;
  [extra: string]: unknown;
};

/** A support flow with every kind of path: branches, a queue, two triggers and a loop through a wait. */
function supportFlow(): Doc {
  return {
    schemaVersion: 1,
    name: 'Default support flow',
    description: 'Routes new dialogs in working hours, tells the CRM about the others.',
    nodes: [
      { id: 'start', type: 'trigger', params: { event: 'dialog.started' } }, // 0
      { id: 'hours', type: 'condition', params: { when: { fact: 'withinWorkingHours', equals: true } } }, // 1
      {
        id: 'priority', // 2
        type: 'action',
        params: {
          activity: 'classifyPriority',
          input: { text: 'first client message', urgentWords: ['urgent', 'refund'] },
          resultVariable: 'priority',
        },
      },
      {
        id: 'route', // 3
        type: 'queue',
        params: { mode: 'strict', stepTimeout: '5m', checkAvailability: true, rounds: 2 },
      },
      { id: 'routed', type: 'end', params: {} }, // 4
      { id: 'giveUp', type: 'close', params: { status: 'closed' } }, // 5
      {
        id: 'offHours', // 6
        type: 'action',
        params: {
          activity: 'callWebhook',
          input: { url: 'https://crm.example.com/hooks/off-hours', body: { reason: 'off-hours' } },
        },
      },
      { id: 'offHoursDone', type: 'end', params: {} }, // 7
      { id: 'kpiFirst', type: 'trigger', params: { event: 'kpi.firstAnswer.exceeded' } }, // 8
      { id: 'kpiTag', type: 'tag', params: { tag: 'slow-first-answer' } }, // 9
      { id: 'kpiDone', type: 'end', params: {} }, // 10
      { id: 'onAccept', type: 'trigger', params: { event: 'dialog.accepted' } }, // 11
      { id: 'waitClient', type: 'wait', params: { event: 'client.message', timeout: '10m' } }, // 12
      { id: 'touch', type: 'setVariable', params: { name: 'clientActive', value: true } }, // 13
      { id: 'quiet', type: 'end', params: {} }, // 14
    ],
    edges: [
      { source: 'start', target: 'hours' }, // 0
      { source: 'hours', sourceHandle: 'true', target: 'priority' }, // 1
      { source: 'priority', target: 'route' }, // 2
      { source: 'route', sourceHandle: 'accepted', target: 'routed' }, // 3
      { source: 'route', sourceHandle: 'exhausted', target: 'giveUp' }, // 4
      { source: 'hours', sourceHandle: 'false', target: 'offHours' }, // 5
      { source: 'offHours', target: 'offHoursDone' }, // 6
      { source: 'kpiFirst', target: 'kpiTag' }, // 7
      { source: 'kpiTag', target: 'kpiDone' }, // 8
      { source: 'onAccept', target: 'waitClient' }, // 9
      { source: 'waitClient', sourceHandle: 'received', target: 'touch' }, // 10
      { source: 'touch', target: 'waitClient' }, // 11: the allowed loop, through a wait
      { source: 'waitClient', sourceHandle: 'timeout', target: 'quiet' }, // 12
    ],
  };
}

/** The smallest flow around some nodes: a trigger "t" first, then the given nodes and edges. */
function tiny(nodes: Doc['nodes'], edges: Doc['edges']): Doc {
  return {
    schemaVersion: 1,
    name: 'tiny',
    nodes: [{ id: 't', type: 'trigger', params: { event: 'dialog.started' } }, ...nodes],
    edges,
  };
}

const indexOf = (doc: Doc, id: string) => doc.nodes.findIndex((n) => n.id === id);
const nodeOf = (doc: Doc, id: string) => doc.nodes[indexOf(doc, id)]!;

function problemsOf(doc: unknown): FlowProblem[] {
  const result = validateFlow(doc, catalog);
  if (result.ok) throw new Error('expected the flow to be rejected, but it was accepted');
  expect(result.problems.length).toBeGreaterThan(0);
  return result.problems;
}

function expectOk(doc: unknown) {
  const result = validateFlow(doc, catalog);
  expect(result.ok ? [] : result.problems).toEqual([]);
  return result;
}

/** The problems with a given pointer. */
const at = (problems: FlowProblem[], pointer: string) => problems.filter((p) => p.pointer === pointer);

describe('validateFlow: a valid flow', () => {
  it('accepts the support flow and returns it', () => {
    const doc = supportFlow();
    const result = expectOk(doc);
    expect(result).toEqual({ ok: true, flow: supportFlow() });
  });

  it('does not change the document', () => {
    const doc = supportFlow();
    validateFlow(doc, catalog);
    expect(doc).toEqual(supportFlow());
  });
});

describe('validateFlow: the document schema', () => {
  it('rejects a flow without a name', () => {
    const doc = supportFlow();
    delete doc.name;
    expect(problemsOf(doc)).toEqual([{ pointer: '/name', message: expect.stringContaining("'name'") }]);
  });

  it('rejects schemaVersion 2', () => {
    const doc = supportFlow();
    doc.schemaVersion = 2;
    expect(problemsOf(doc)).toEqual([{ pointer: '/schemaVersion', message: 'must be equal to constant' }]);
  });

  it('rejects a node id with a space', () => {
    const doc = supportFlow();
    nodeOf(doc, 'routed').id = 'all done';
    doc.edges[3]!.target = 'all done';
    // An id that breaks the schema is not a node id the designer can highlight: the pointer names it.
    expect(problemsOf(doc)).toEqual([
      { pointer: '/nodes/4/id', message: expect.stringContaining('must match pattern') },
      { pointer: '/edges/3/target', message: expect.stringContaining('must match pattern') },
    ]);
  });

  it('rejects an extra top-level property', () => {
    const doc = supportFlow();
    doc.owner = 'me';
    expect(problemsOf(doc)).toEqual([{ pointer: '/owner', message: 'is not an allowed property' }]);
  });

  it('rejects what is not a flow at all, pointing at the root', () => {
    for (const value of [null, 42, 'flow', [], {}]) {
      for (const problem of problemsOf(value)) {
        expect(problem.pointer.startsWith('/')).toBe(true);
        expect(problem.message).not.toBe('');
      }
    }
    expect(problemsOf(null)).toEqual([{ pointer: '/', message: 'must be object' }]);
  });

  // BUG (schemas/validate-flow.ts, first lines of validateFlow): schema errors are returned as they
  // come from toDetails, so one inside a node with a perfectly valid id (here a label over 200
  // characters on node "kpiTag") carries no nodeId, although the module promises "every problem names
  // the node (when there is one)" and docs/flows.md §7 says errors point at node id and field.
  it('names the node of a schema error inside a node with a valid id', () => {
    const doc = supportFlow();
    nodeOf(doc, 'kpiTag').label = 'x'.repeat(201);
    expect(problemsOf(doc)).toEqual([
      { pointer: '/nodes/9/label', message: expect.stringContaining('200'), nodeId: 'kpiTag' },
    ]);
  });
});

describe('validateFlow: nodes', () => {
  it('rejects a duplicate node id', () => {
    const doc = supportFlow();
    doc.nodes.push({ id: 'routed', type: 'end', params: {} });
    expect(problemsOf(doc)).toEqual([
      { pointer: '/nodes/15/id', message: 'duplicate node id "routed"', nodeId: 'routed' },
    ]);
  });

  it('rejects an unknown node type', () => {
    const doc = supportFlow();
    nodeOf(doc, 'giveUp').type = 'sendSms';
    expect(problemsOf(doc)).toEqual([
      { pointer: '/nodes/5/type', message: 'unknown node type "sendSms"', nodeId: 'giveUp' },
    ]);
  });

  it('rejects params invalid for the type: queue mode "random"', () => {
    const doc = supportFlow();
    nodeOf(doc, 'route').params.mode = 'random';
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/nodes/3/params/mode',
        message: 'must be equal to one of the allowed values',
        nodeId: 'route',
      },
    ]);
  });

  it('rejects params invalid for the type: queue without stepTimeout', () => {
    const doc = supportFlow();
    delete nodeOf(doc, 'route').params.stepTimeout;
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/nodes/3/params/stepTimeout',
        message: "must have required property 'stepTimeout'",
        nodeId: 'route',
      },
    ]);
  });

  it('rejects an unknown param', () => {
    const doc = supportFlow();
    nodeOf(doc, 'kpiTag').params.colour = 'red';
    expect(problemsOf(doc)).toEqual([
      { pointer: '/nodes/9/params/colour', message: 'is not an allowed property', nodeId: 'kpiTag' },
    ]);
  });

  it('points at the params themselves when the error is about them as a whole (transfer with no target)', () => {
    const doc = supportFlow();
    doc.nodes[5] = { id: 'giveUp', type: 'transfer', params: {} };
    const problems = problemsOf(doc);
    expect(problems).toContainEqual({
      pointer: '/nodes/5/params',
      message: 'must match exactly one schema in oneOf',
      nodeId: 'giveUp',
    });
    expect(problems.every((p) => p.nodeId === 'giveUp' && p.pointer.startsWith('/nodes/5/params'))).toBe(
      true,
    );
  });
});

describe('validateFlow: durations (lineflowDuration)', () => {
  it.each(['30s', '59s', '59999ms', '0', '13h', '721m', '1d'])('rejects queue stepTimeout %s', (value) => {
    const doc = supportFlow();
    nodeOf(doc, 'route').params.stepTimeout = value;
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/nodes/3/params/stepTimeout',
        message: 'must be a duration from 1m to 12h',
        nodeId: 'route',
      },
    ]);
  });

  it.each(['1m', '60s', '60000ms', '12h', '720m', '43200s'])('accepts queue stepTimeout %s', (value) => {
    const doc = supportFlow();
    nodeOf(doc, 'route').params.stepTimeout = value;
    expectOk(doc);
  });

  it.each(['5 min', '5M', '05m', '1w', ''])('rejects a stepTimeout that is no duration: %j', (value) => {
    const doc = supportFlow();
    nodeOf(doc, 'route').params.stepTimeout = value;
    const problems = problemsOf(doc);
    expect(problems).toEqual([
      {
        pointer: '/nodes/3/params/stepTimeout',
        message: 'must be a duration (e.g. 90s, 5m, 12h) from 1m to 12h',
        nodeId: 'route',
      },
    ]);
  });

  it('checks the ranges of wait timeouts (1s to 30d)', () => {
    for (const [value, ok] of [
      ['999ms', false],
      ['1s', true],
      ['30d', true],
      ['31d', false],
    ] as const) {
      const doc = supportFlow();
      nodeOf(doc, 'waitClient').params.timeout = value;
      if (ok) expectOk(doc);
      else
        expect(problemsOf(doc)).toContainEqual({
          pointer: '/nodes/12/params/timeout',
          message: 'must be a duration from 1s to 30d',
          nodeId: 'waitClient',
        });
    }
  });
});

describe('validateFlow: trigger events', () => {
  it('rejects client.inactive without `after`', () => {
    const doc = supportFlow();
    nodeOf(doc, 'kpiFirst').params = { event: 'client.inactive' };
    const problems = problemsOf(doc);
    expect(problems).toContainEqual({
      pointer: '/nodes/8/params/after',
      message: "must have required property 'after'",
      nodeId: 'kpiFirst',
    });
    expect(problems.every((p) => p.nodeId === 'kpiFirst')).toBe(true);
  });

  it('accepts client.inactive with `after` in its range, rejects one out of it', () => {
    const doc = supportFlow();
    nodeOf(doc, 'kpiFirst').params = { event: 'client.inactive', after: '30m' };
    expectOk(doc);
    nodeOf(doc, 'kpiFirst').params.after = '59s';
    expect(problemsOf(doc)).toEqual([
      { pointer: '/nodes/8/params/after', message: 'must be a duration from 1m to 30d', nodeId: 'kpiFirst' },
    ]);
  });

  it('rejects `after` on any other event', () => {
    const doc = supportFlow();
    nodeOf(doc, 'kpiFirst').params.after = '5m';
    const problems = problemsOf(doc);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.nodeId).toBe('kpiFirst');
      expect(problem.pointer.startsWith('/nodes/8/params')).toBe(true);
    }
  });

  // BUG (schemas/nodes/trigger.params.schema.json `else: { not: { required: ["after"] } }`, reported
  // as-is by schemas/ajv.ts toDetails): `after` on e.g. kpi.firstAnswer.exceeded yields only
  // { pointer: "/nodes/8/params", message: "must NOT be valid" } and 'must match "else" schema'. Neither
  // points at the field nor names it, so the designer cannot tell what is wrong (docs/flows.md §7: errors point
  // at node id and field).
  it('says which field is wrong when `after` is set on another event', () => {
    const doc = supportFlow();
    nodeOf(doc, 'kpiFirst').params.after = '5m';
    expect(problemsOf(doc)).toContainEqual({
      pointer: '/nodes/8/params/after',
      message: expect.stringMatching(/after|client\.inactive|not allowed/),
      nodeId: 'kpiFirst',
    });
  });
});

describe('validateFlow: predicates', () => {
  const withWhen = (when: unknown) => {
    const doc = supportFlow();
    nodeOf(doc, 'hours').params = { when };
    return doc;
  };

  it('accepts nested predicates with every operator', () => {
    expectOk(
      withWhen({
        all: [
          { fact: 'channelKind', in: ['telegram', 'whatsapp'] },
          { not: { fact: 'tags', contains: 'spam' } },
          {
            any: [
              { fact: 'messageText', matches: '^(refund|return)\\b' },
              { fact: 'rating', lessThan: 3 },
              { fact: 'rating', greaterThan: 4 },
              { fact: 'variable', name: 'priority', notEquals: 'normal' },
            ],
          },
        ],
      }),
    );
  });

  it('rejects a predicate with two operators', () => {
    const problems = problemsOf(withWhen({ fact: 'withinWorkingHours', equals: true, notEquals: false }));
    expect(problems).toContainEqual({
      pointer: '/nodes/1/params/when',
      message: 'must match exactly one schema in oneOf',
      nodeId: 'hours',
    });
    expect(problems.every((p) => p.nodeId === 'hours' && p.pointer.startsWith('/nodes/1/params/when'))).toBe(
      true,
    );
  });

  it('rejects a predicate with no operator', () => {
    const problems = problemsOf(withWhen({ fact: 'clientKnown' }));
    expect(problems).toContainEqual({
      pointer: '/nodes/1/params/when',
      message: 'must match exactly one schema in oneOf',
      nodeId: 'hours',
    });
  });

  it('rejects `fact: variable` without `name`', () => {
    const problems = problemsOf(withWhen({ fact: 'variable', equals: 'urgent' }));
    expect(problems).toContainEqual({
      pointer: '/nodes/1/params/when/name',
      message: "must have required property 'name'",
      nodeId: 'hours',
    });
  });

  it('rejects a bad regex in `matches`', () => {
    const problems = problemsOf(withWhen({ fact: 'messageText', matches: '(refund' }));
    expect(problems).toContainEqual({
      pointer: '/nodes/1/params/when/matches',
      message: 'must match format "regex"',
      nodeId: 'hours',
    });
  });

  // BUG (schemas/predicate.schema.json `"format": "regex"`, checked by ajv-formats with
  // `new RegExp(str)`, i.e. without the `u` flag): patterns that only compile in legacy mode pass, e.g.
  // "refund\\-now", "a{" or "x]", although the engine evaluates `matches` in unicode mode
  // (workflows/engine/predicates.ts, work in progress: `new RegExp(test.matches, 'iu')`), where each
  // is a SyntaxError — thrown inside the dialog workflow instead of at save/publish.
  it.each(['refund\\-now', 'a{', 'x]'])('rejects %j, which is no regex in unicode mode', (pattern) => {
    expect(() => new RegExp(pattern, 'iu')).toThrow(SyntaxError);
    const problems = problemsOf(withWhen({ fact: 'messageText', matches: pattern }));
    expect(problems).toContainEqual({
      pointer: '/nodes/1/params/when/matches',
      message: 'must match format "regex"',
      nodeId: 'hours',
    });
  });

  it('finds a bad predicate deep inside all/any/not', () => {
    const problems = problemsOf(
      withWhen({ all: [{ not: { any: [{ fact: 'messageText', matches: '[' }] } }] }),
    );
    expect(problems).toContainEqual({
      pointer: '/nodes/1/params/when/all/0/not/any/0/matches',
      message: 'must match format "regex"',
      nodeId: 'hours',
    });
  });

  // BUG (schemas/ajv.ts toDetails, fed by the `oneOf` of schemas/predicate.schema.json with ajv's
  // allErrors): the errors of every oneOf branch the predicate was never meant to match are reported
  // too. For { fact: "withinWorkingHours", equals: true, notEquals: false } the designer gets 18
  // problems, among them "/nodes/1/params/when/fact: is not an allowed property" three times (from
  // the all/any/not branches) and "must have required property 'all'" — misleading, and duplicated.
  it('does not call a correct field "not allowed", nor repeat a problem', () => {
    const problems = problemsOf(withWhen({ fact: 'withinWorkingHours', equals: true, notEquals: false }));
    expect(at(problems, '/nodes/1/params/when/fact')).toEqual([]);
    expect(new Set(problems.map((p) => `${p.pointer} ${p.message}`)).size).toBe(problems.length);
  });
});

describe('validateFlow: switch', () => {
  const cases = [
    { name: 'vip', when: { fact: 'tags', contains: 'vip' } },
    { name: 'returning', when: { fact: 'clientKnown', equals: true } },
  ];
  /** start → switch "sw" with cases vip, returning and default, each to its own end. */
  const switchFlow = () =>
    tiny(
      [
        { id: 'sw', type: 'switch', params: { cases: structuredClone(cases) } },
        { id: 'vipEnd', type: 'end', params: {} },
        { id: 'returningEnd', type: 'end', params: {} },
        { id: 'otherEnd', type: 'end', params: {} },
      ],
      [
        { source: 't', target: 'sw' },
        { source: 'sw', sourceHandle: 'vip', target: 'vipEnd' },
        { source: 'sw', sourceHandle: 'returning', target: 'returningEnd' },
        { source: 'sw', sourceHandle: 'default', target: 'otherEnd' },
      ],
    );

  it('has the case names and default as handles', () => {
    expectOk(switchFlow());
  });

  it('rejects an edge from an unknown case name', () => {
    const doc = switchFlow();
    doc.edges[3]!.sourceHandle = 'newcomer';
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/edges/3/sourceHandle',
        message: expect.stringContaining('"newcomer" is not an output of switch node "sw"'),
        nodeId: 'sw',
      },
    ]);
    expect(problemsOf(doc)[0]!.message).toContain('"vip", "returning", "default"');
  });

  it('rejects an edge without a handle', () => {
    const doc = switchFlow();
    delete doc.edges[1]!.sourceHandle;
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/edges/1/sourceHandle',
        message: expect.stringContaining('switch node "sw"'),
        nodeId: 'sw',
      },
    ]);
  });

  /** The switch flow with its second case renamed, and that case's edge and end node gone. */
  const renamedSecondCase = (name: string) => {
    const doc = switchFlow();
    nodeOf(doc, 'sw').params.cases[1].name = name;
    doc.edges.splice(2, 1);
    doc.nodes.splice(indexOf(doc, 'returningEnd'), 1);
    return doc;
  };

  it('rejects a case named "default"', () => {
    const doc = renamedSecondCase('default');
    expect(problemsOf(doc)).toEqual([
      { pointer: '/nodes/1/params/cases/1/name', message: expect.any(String), nodeId: 'sw' },
    ]);
  });

  // BUG (schemas/nodes/switch.params.schema.json `"not": { "const": "default" }`, reported as-is by
  // toDetails): the only message is "must NOT be valid", which does not say that "default" is reserved.
  it('says why a case may not be named "default"', () => {
    const doc = renamedSecondCase('default');
    expect(problemsOf(doc)[0]!.message).toMatch(/default/);
  });

  // BUG (schemas/validate-flow.ts / switch.params.schema.json): nothing keeps case names unique, so
  // cases [{ name: "vip" }, { name: "vip" }] are accepted with outputs ["vip", "vip", "default"]: one
  // handle for two branches, the second of which can never be told apart (or reached, first match wins).
  it('rejects two cases with the same name', () => {
    const doc = renamedSecondCase('vip');
    const problems = problemsOf(doc);
    expect(problems).toContainEqual(expect.objectContaining({ nodeId: 'sw' }));
  });
});

describe('validateFlow: action inputs', () => {
  it('rejects an unknown activity', () => {
    const doc = supportFlow();
    nodeOf(doc, 'offHours').params = { activity: 'sendSms', input: { to: '+100' } };
    expect(problemsOf(doc)).toEqual([
      { pointer: '/nodes/6/params/activity', message: 'unknown activity "sendSms"', nodeId: 'offHours' },
    ]);
  });

  it('rejects a callWebhook url that is not http(s)', () => {
    const doc = supportFlow();
    nodeOf(doc, 'offHours').params.input.url = 'ftp://x';
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/nodes/6/params/input/url',
        message: expect.stringContaining('^https?://'),
        nodeId: 'offHours',
      },
    ]);
  });

  it('rejects a callWebhook input without its required url', () => {
    const doc = supportFlow();
    delete nodeOf(doc, 'offHours').params.input.url;
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/nodes/6/params/input/url',
        message: "must have required property 'url'",
        nodeId: 'offHours',
      },
    ]);
  });

  it('treats a missing input as empty (so the required url is reported)', () => {
    const doc = supportFlow();
    delete nodeOf(doc, 'offHours').params.input;
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/nodes/6/params/input/url',
        message: "must have required property 'url'",
        nodeId: 'offHours',
      },
    ]);
  });

  it('checks every field of the input against the activity (timeoutSeconds 1..60, no extras)', () => {
    const doc = supportFlow();
    Object.assign(nodeOf(doc, 'offHours').params.input, { timeoutSeconds: 61, retries: 3 });
    const problems = problemsOf(doc);
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        { pointer: '/nodes/6/params/input/timeoutSeconds', message: 'must be <= 60', nodeId: 'offHours' },
        {
          pointer: '/nodes/6/params/input/retries',
          message: 'is not an allowed property',
          nodeId: 'offHours',
        },
      ]),
    );
  });

  it('checks custom activities too (classifyPriority needs text)', () => {
    const doc = supportFlow();
    nodeOf(doc, 'priority').params.input = { urgentWords: ['urgent'] };
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/nodes/2/params/input/text',
        message: "must have required property 'text'",
        nodeId: 'priority',
      },
    ]);
  });
});

describe('validateFlow: edges', () => {
  it('rejects an edge from a missing node', () => {
    const doc = supportFlow();
    doc.edges.push({ source: 'ghost', target: 'routed' });
    expect(problemsOf(doc)).toEqual([{ pointer: '/edges/13/source', message: 'no node "ghost"' }]);
  });

  it('rejects an edge to a missing node', () => {
    const doc = supportFlow();
    doc.edges.push({ source: 'giveUp', target: 'ghost' });
    expect(problemsOf(doc)).toEqual([{ pointer: '/edges/13/target', message: 'no node "ghost"' }]);
  });

  it('rejects an edge into a trigger', () => {
    const doc = supportFlow();
    doc.edges.push({ source: 'giveUp', target: 'kpiFirst' });
    expect(problemsOf(doc)).toEqual([
      { pointer: '/edges/13/target', message: expect.stringContaining('trigger'), nodeId: 'kpiFirst' },
    ]);
  });

  it('rejects an edge from an undeclared handle of a condition ("maybe")', () => {
    const doc = supportFlow();
    doc.edges.push({ source: 'hours', sourceHandle: 'maybe', target: 'routed' });
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/edges/13/sourceHandle',
        message: '"maybe" is not an output of condition node "hours"; outputs: "true", "false"',
        nodeId: 'hours',
      },
    ]);
  });

  it('rejects an edge from an undeclared handle of a queue ("next")', () => {
    const doc = supportFlow();
    doc.edges.push({ source: 'route', sourceHandle: 'next', target: 'routed' });
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/edges/13/sourceHandle',
        message: '"next" is not an output of queue node "route"; outputs: "accepted", "exhausted"',
        nodeId: 'route',
      },
    ]);
  });

  it('rejects an edge without a handle from a node with several outputs', () => {
    const doc = supportFlow();
    delete doc.edges[3]!.sourceHandle;
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/edges/3/sourceHandle',
        message: expect.stringContaining('"accepted", "exhausted"'),
        nodeId: 'route',
      },
    ]);
  });

  it('rejects an edge from an end node', () => {
    const doc = supportFlow();
    doc.edges.push({ source: 'routed', target: 'giveUp' });
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/edges/13/sourceHandle',
        message: expect.stringContaining('none (it ends the path)'),
        nodeId: 'routed',
      },
    ]);
  });

  it('rejects two edges from the same handle', () => {
    const doc = supportFlow();
    doc.edges.push({ source: 'hours', sourceHandle: 'true', target: 'offHours' });
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/edges/13/sourceHandle',
        message: 'output "true" of "hours" already has an edge',
        nodeId: 'hours',
      },
    ]);
  });

  it('rejects two edges from a single output, one naming "next" and one not', () => {
    const doc = supportFlow();
    doc.edges.push({ source: 'kpiTag', sourceHandle: 'next', target: 'routed' });
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/edges/13/sourceHandle',
        message: 'output "next" of "kpiTag" already has an edge',
        nodeId: 'kpiTag',
      },
    ]);
  });

  it('accepts an edge from a single-output node with an explicit sourceHandle "next"', () => {
    const doc = supportFlow();
    doc.edges[7]!.sourceHandle = 'next';
    doc.edges[2]!.sourceHandle = 'next';
    expectOk(doc);
  });
});

describe('validateFlow: reachability', () => {
  it('rejects a node that no trigger reaches', () => {
    const doc = supportFlow();
    doc.nodes.push({ id: 'orphan', type: 'tag', params: { tag: 'lost' } });
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/nodes/15',
        message: 'node "orphan" cannot be reached from any trigger',
        nodeId: 'orphan',
      },
    ]);
  });

  it('rejects a part of the graph that only leads out of itself', () => {
    const doc = supportFlow();
    doc.nodes.push({ id: 'island', type: 'tag', params: { tag: 'lost' } });
    doc.edges.push({ source: 'island', target: 'routed' });
    expect(problemsOf(doc)).toEqual([
      { pointer: '/nodes/15', message: expect.stringContaining('"island"'), nodeId: 'island' },
    ]);
  });

  it('rejects a flow without any trigger', () => {
    const doc: Doc = {
      schemaVersion: 1,
      name: 'no entry',
      nodes: [
        { id: 'mark', type: 'tag', params: { tag: 'x' } },
        { id: 'done', type: 'end', params: {} },
      ],
      edges: [{ source: 'mark', target: 'done' }],
    };
    const problems = problemsOf(doc);
    expect(at(problems, '/nodes')).toEqual([
      { pointer: '/nodes', message: 'a flow needs at least one trigger' },
    ]);
    // …and, consequently, nothing is reachable.
    expect(problems.filter((p) => p.pointer !== '/nodes').map((p) => [p.pointer, p.nodeId])).toEqual([
      ['/nodes/0', 'mark'],
      ['/nodes/1', 'done'],
    ]);
  });
});

describe('validateFlow: cycles', () => {
  /** t → check (condition) true→ bump (setVariable) → [via] → check; false → done. */
  const loop = (via?: Doc['nodes'][number]) =>
    tiny(
      [
        {
          id: 'check',
          type: 'condition',
          params: { when: { fact: 'variable', name: 'tries', lessThan: 3 } },
        },
        { id: 'bump', type: 'setVariable', params: { name: 'tries', value: 1 } },
        { id: 'done', type: 'end', params: {} },
        ...(via ? [via] : []),
      ],
      [
        { source: 't', target: 'check' },
        { source: 'check', sourceHandle: 'true', target: 'bump' },
        { source: 'bump', target: via ? via.id : 'check' },
        ...(via ? [{ source: via.id, target: 'check' }] : []),
        { source: 'check', sourceHandle: 'false', target: 'done' },
      ],
    );

  it('rejects a cycle without a waiting node, once, naming its nodes', () => {
    const problems = problemsOf(loop());
    expect(problems).toEqual([
      {
        pointer: '/nodes/1',
        message: 'cycle check → bump → check has no wait, delay or queue on it',
        nodeId: 'check',
      },
    ]);
  });

  it('rejects a self-loop on setVariable', () => {
    const doc = tiny(
      [{ id: 'spin', type: 'setVariable', params: { name: 'n', value: 0 } }],
      [
        { source: 't', target: 'spin' },
        { source: 'spin', target: 'spin' },
      ],
    );
    expect(problemsOf(doc)).toEqual([
      { pointer: '/nodes/1', message: 'cycle spin → spin has no wait, delay or queue on it', nodeId: 'spin' },
    ]);
  });

  // Found by the flow fuzzer: a dialog already taken passes a queue at once ("accepted" needs no wait),
  // so queue → tag → queue spun for ever on the simulator (and would on a worker).
  it('rejects a loop back into a queue by its accepted output, which can come at once', () => {
    const route = { id: 'route', type: 'queue', params: { mode: 'strict', stepTimeout: '5m' } };
    const mark = { id: 'mark', type: 'tag', params: { tag: 'again' } };
    const doc = tiny(
      [route, mark],
      [
        { source: 't', target: 'route' },
        { source: 'route', sourceHandle: 'accepted', target: 'mark' },
        { source: 'mark', target: 'route' },
      ],
    );
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/nodes/1',
        nodeId: 'route',
        message: expect.stringMatching(
          /^cycle route → mark → route never waits: queue "route" can leave by "accepted" at once/,
        ),
      },
    ]);
    // by "exhausted" the queue has waited a step at least: another round is fine
    doc.edges[1]!.sourceHandle = 'exhausted';
    expectOk(doc);
  });

  it('accepts the same cycle through a delay', () => {
    expectOk(loop({ id: 'pause', type: 'delay', params: { duration: '30s' } }));
  });

  it('still rejects the cycle through a node that does not wait (tag)', () => {
    const problems = problemsOf(loop({ id: 'mark', type: 'tag', params: { tag: 'retry' } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toEqual({
      pointer: expect.stringMatching(/^\/nodes\/[123]$/),
      message: expect.stringMatching(/^cycle .* has no wait, delay or queue on it$/),
      nodeId: expect.any(String),
    });
    for (const id of ['check', 'bump', 'mark']) expect(problems[0]!.message).toContain(id);
  });

  it('reports two separate busy cycles separately', () => {
    const doc = loop();
    doc.nodes.push({ id: 'spin', type: 'setVariable', params: { name: 'n', value: 0 } });
    doc.edges.push({ source: 'done', target: 'spin' });
    doc.nodes[3] = { id: 'done', type: 'tag', params: { tag: 'x' } };
    doc.edges.push({ source: 'spin', target: 'spin' });
    const cycles = problemsOf(doc).filter((p) => p.message.startsWith('cycle'));
    expect(cycles.map((p) => p.nodeId).sort()).toEqual(['check', 'spin']);
  });

  // BUG (schemas/validate-flow.ts, `cyclesWithoutWaiting`: `instant = (id) => !(types.get(id)?.waits ??
  // false)`): `types` only holds nodes whose params are valid, so a wait or queue with one bad param
  // counts as a node that does not wait, and its (legal) loop gets a second, false problem. Repro: the
  // support flow with waitClient's timeout "31d" reports, besides "must be a duration from 1s to 30d",
  // "cycle waitClient → touch → waitClient has no wait, delay or queue on it" — though the wait is on
  // it; the same for a queue loop with stepTimeout "30s". The cycle check should use the node's type
  // (nodeType(node.type)?.waits), which is known even when its params are not valid.
  it('does not call a loop through a wait or queue with a bad param busy', () => {
    const doc = supportFlow();
    nodeOf(doc, 'waitClient').params.timeout = '31d';
    expect(problemsOf(doc)).toEqual([
      {
        pointer: '/nodes/12/params/timeout',
        message: 'must be a duration from 1s to 30d',
        nodeId: 'waitClient',
      },
    ]);
    const queueLoop = tiny(
      [
        { id: 'q', type: 'queue', params: { mode: 'evenly', stepTimeout: '30s' } },
        { id: 'again', type: 'setVariable', params: { name: 'retried', value: true } },
        { id: 'done', type: 'end', params: {} },
      ],
      [
        { source: 't', target: 'q' },
        { source: 'q', sourceHandle: 'exhausted', target: 'again' },
        { source: 'again', target: 'q' },
        { source: 'q', sourceHandle: 'accepted', target: 'done' },
      ],
    );
    expect(problemsOf(queueLoop)).toEqual([
      { pointer: '/nodes/1/params/stepTimeout', message: 'must be a duration from 1m to 12h', nodeId: 'q' },
    ]);
  });
});

describe('validateFlow: reports every problem at once', () => {
  it('lists problems of nodes, inputs, edges and the graph together', () => {
    const doc = supportFlow();
    nodeOf(doc, 'kpiDone').id = 'routed'; // duplicate id (node 10)
    doc.edges[8]!.target = 'routed';
    nodeOf(doc, 'giveUp').type = 'sms'; // unknown type (node 5)
    nodeOf(doc, 'offHours').params.input.url = 'ftp://x'; // bad activity input (node 6)
    nodeOf(doc, 'route').params.stepTimeout = '13h'; // duration out of range (node 3)
    doc.edges.push({ source: 'hours', sourceHandle: 'maybe', target: 'routed' }); // edge 13
    doc.edges.push({ source: 'kpiTag', target: 'nowhere' }); // edge 14
    doc.nodes.push({ id: 'orphan', type: 'end', params: {} }); // node 15
    const problems = problemsOf(doc);
    expect(problems.map((p) => [p.pointer, p.nodeId])).toEqual(
      expect.arrayContaining([
        ['/nodes/10/id', 'routed'],
        ['/nodes/5/type', 'giveUp'],
        ['/nodes/6/params/input/url', 'offHours'],
        ['/nodes/3/params/stepTimeout', 'route'],
        ['/edges/13/sourceHandle', 'hours'],
        ['/edges/14/target', undefined],
        ['/nodes/15', 'orphan'],
      ]),
    );
    expect(problems).toHaveLength(7);
  });

  it('lists every schema problem of a broken document, not just the first', () => {
    const doc = supportFlow();
    delete doc.name;
    doc.schemaVersion = 2;
    doc.extra = true;
    nodeOf(doc, 'routed').id = 'all done';
    expect(problemsOf(doc).map((p) => p.pointer)).toEqual(
      expect.arrayContaining(['/name', '/schemaVersion', '/extra', '/nodes/4/id']),
    );
  });
});
