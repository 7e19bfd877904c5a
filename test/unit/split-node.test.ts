import type { Flow } from '../../schemas/generated/flow';
import { loadCatalog } from '../../activities/registry';
import { simulate } from '../../workflows/simulate/scenario';
import { validateFlow } from '../../workflows/engine/validate-flow';
import { bucketOf } from '../../workflows/engine/nodes/split.node';

/** README "Add a node type": the A/B split is one module, and it is everywhere a node type must be. */
const catalog = loadCatalog();

const splitFlow = (percentA: unknown): Flow => ({
  schemaVersion: 1,
  name: 'A/B greeting',
  nodes: [
    { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
    { id: 'ab', type: 'split', params: { percentA } as Record<string, unknown> },
    { id: 'hello', type: 'tag', params: { tag: 'greeting-a' } },
    { id: 'hi', type: 'tag', params: { tag: 'greeting-b' } },
  ],
  edges: [
    { source: 'start', target: 'ab' },
    { source: 'ab', sourceHandle: 'a', target: 'hello' },
    { source: 'ab', sourceHandle: 'b', target: 'hi' },
  ],
});

describe('the A/B split node (one module: workflows/engine/nodes/split.node.ts)', () => {
  it('is in the catalog with its params schema and its two handles', () => {
    const split = catalog.describe().nodeTypes.find((n) => n.type === 'split');
    expect(split).toMatchObject({ title: 'A/B split', category: 'logic', outputs: { handles: ['a', 'b'] } });
    expect(split?.params).toMatchObject({ required: ['percentA'] });
  });

  it('the validator checks its params and its handles', () => {
    expect(validateFlow(splitFlow(50), catalog).ok).toBe(true);
    const bad = validateFlow(splitFlow(150), catalog);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      expect.objectContaining({ nodeId: 'ab', pointer: '/nodes/1/params/percentA' }),
    ]);
    const flow = splitFlow(50);
    flow.edges[2]!.sourceHandle = 'c';
    expect(!validateFlow(flow, catalog).ok).toBe(true);
  });

  it('runs in a dialog: 100 % goes down a, 0 % down b', async () => {
    const run = async (percentA: number) =>
      (
        await simulate({
          name: 'split',
          flow: splitFlow(percentA),
          events: [],
          runFor: '1m',
          expect: {} as never,
        })
      ).tags;
    expect(await run(100)).toEqual(['greeting-a']);
    expect(await run(0)).toEqual(['greeting-b']);
  });

  it('splits dialogs evenly by id, the same branch every time', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `dialog-${i}`);
    const belowHalf = ids.filter((id) => bucketOf(id) < 50).length;
    expect(belowHalf).toBeGreaterThan(900);
    expect(belowHalf).toBeLessThan(1100);
    expect(ids.map(bucketOf)).toEqual(ids.map(bucketOf));
    expect(Math.max(...ids.map(bucketOf))).toBeLessThan(100);
  });
});
