import fs from 'node:fs';
import path from 'node:path';
import { createActivities, ENGINE_ACTIVITY_NAMES, type CatalogActivityCall } from '../../activities';
import { classifyPriority } from '../../activities/custom/classify-priority.activity';
import {
  checkActivities,
  loadActivityModules,
  BUILT_IN_ACTIVITIES,
  loadCatalog,
  CUSTOM_ACTIVITIES_DIR,
} from '../../activities/registry';
import { NODE_TYPES } from '../../workflows/engine/node-types';
import { DEFAULT_FLOW } from '../../db/default-flow';
import { demoLineSettings } from '../../runtime/demo-seed';
import { check } from '../../schemas/ajv';
import { validateFlow } from '../../workflows/engine/validate-flow';
import { tempDir } from '../support/test-stack';

const definition = (name: string, extra = '') => `
  exports['${name}Activity'] = {
    name: '${name}', title: 'T', description: 'D', category: 'Tests',
    input: { type: 'object' }, output: { type: 'object' },
    run: async () => ({ ran: '${name}' }), ${extra}
  };`;

describe('catalog', () => {
  it('lists every node type and the built-in and custom activities, with their schemas', () => {
    const described = loadCatalog().describe();
    expect(described.nodeTypes.map((n) => n.type)).toEqual(NODE_TYPES.map((n) => n.type));
    expect(described.nodeTypes.find((n) => n.type === 'queue')?.params).toMatchObject({
      properties: { stepTimeout: { lineflowDuration: { min: '1m', max: '12h' } } },
    });
    const names = described.activities.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['callWebhook', 'classifyPriority']));
    expect(described.activities.find((a) => a.name === 'classifyPriority')).toMatchObject({
      category: 'Examples',
      input: { required: ['text'] },
    });
  });

  it('registers every catalog activity with the worker under its name, next to the engine’s own', async () => {
    const activities = createActivities({
      db: {} as never,
      catalog: loadCatalog(),
      nudge: async () => undefined,
    });
    expect(Object.keys(activities).sort()).toEqual(
      [...ENGINE_ACTIVITY_NAMES, ...BUILT_IN_ACTIVITIES.map((a) => a.name), 'classifyPriority'].sort(),
    );
    const dialog = { id: 'd', lineId: 'l', channelId: 'c' };
    const classify = activities.classifyPriority as (call: CatalogActivityCall) => Promise<unknown>;
    await expect(classify({ input: { text: 'Refund please' }, dialog, seq: 1 })).resolves.toEqual({
      priority: 'urgent',
      matched: ['refund'],
    });
  });

  it('picks up any module dropped into a custom folder, and skips tests and declarations', () => {
    const dir = tempDir('lineflow-custom-');
    fs.writeFileSync(path.join(dir, 'b.js'), definition('beta'));
    fs.writeFileSync(path.join(dir, 'a.js'), definition('alpha'));
    fs.writeFileSync(path.join(dir, 'a.test.js'), 'throw new Error("tests are not activities")');
    fs.writeFileSync(path.join(dir, 'notes.md'), '# not code');
    expect(loadCatalog(dir).activities.map((a) => a.name)).toEqual([
      ...BUILT_IN_ACTIVITIES.map((a) => a.name),
      'alpha',
      'beta',
    ]);
  });

  it('refuses a module that exports no activity, naming the file', () => {
    const dir = tempDir('lineflow-custom-');
    fs.writeFileSync(path.join(dir, 'helper.js'), 'exports.x = 1;');
    expect(() => loadActivityModules(dir)).toThrow(/helper\.js exports no activity definition/);
  });

  it.each([
    ['a name that is not camelCase', [definition('Bad-name')], /name must be camelCase/],
    ['the same name twice', [definition('twice'), definition('twice')], /"twice" is defined twice/],
    ['an engine activity name', [definition('openDialog')], /"openDialog" is defined twice/],
    [
      'an input that is not a schema',
      [definition('broken', "input: { type: 'nonsense' },")],
      /input is not a valid JSON Schema/,
    ],
  ])('refuses %s', (_case, sources, error) => {
    const dir = tempDir('lineflow-custom-');
    sources.forEach((source, i) => fs.writeFileSync(path.join(dir, `m${i}.js`), source));
    expect(() => checkActivities(loadActivityModules(dir))).toThrow(error);
  });

  it('keeps the README example in activities/custom/', () => {
    expect(fs.existsSync(path.join(CUSTOM_ACTIVITIES_DIR, 'classify-priority.activity.ts'))).toBe(true);
  });
});

describe('classifyPriority (the example custom activity)', () => {
  const run = (input: Parameters<typeof classifyPriority.run>[0]) =>
    classifyPriority.run(input, {
      dialog: { id: 'd', lineId: 'l', channelId: 'c' },
      callId: 'd:1',
      timelineSeq: 1,
      timelineKey: 'call:d:1',
      at: new Date(),
      services: {} as never,
    });

  it('is urgent when a whole word matches, in any case and script', async () => {
    await expect(run({ text: 'It is BROKEN again' })).resolves.toEqual({
      priority: 'urgent',
      matched: ['broken'],
    });
    await expect(run({ text: 'Очень срочно!' })).resolves.toEqual({
      priority: 'urgent',
      matched: ['срочно'],
    });
  });

  it('is normal otherwise, and uses the given words instead of the defaults', async () => {
    await expect(run({ text: 'unbroken record' })).resolves.toEqual({ priority: 'normal', matched: [] });
    await expect(run({ text: 'refund', urgentWords: ['vip'] })).resolves.toEqual({
      priority: 'normal',
      matched: [],
    });
    await expect(run({ text: 'I am a VIP', urgentWords: ['vip'] })).resolves.toEqual({
      priority: 'urgent',
      matched: ['vip'],
    });
  });
});

describe('the default flow', () => {
  it('is a valid flow of the catalog, and the demo line settings are valid line settings', () => {
    const result = validateFlow(DEFAULT_FLOW, loadCatalog());
    expect(result.ok ? [] : result.problems).toEqual([]);
    const settings = demoLineSettings(['op-1', 'op-2']);
    expect(check('lineSettings', settings)).toEqual({ ok: true, value: settings });
  });
});

describe('built-in activity inputs', () => {
  it('come from the JSON Schemas in schemas/activities/, whose generated types the activities use', () => {
    const builtIn = loadCatalog().activities.filter((a) => a.category !== 'Examples');
    expect(builtIn.length).toBeGreaterThan(5);
    for (const activity of builtIn)
      expect([activity.name, (activity.input as { $id?: string }).$id]).toEqual([
        activity.name,
        expect.stringMatching(/^https:\/\/lineflow\.dev\/schemas\/activities\/[a-z-]+\.input\.schema\.json$/),
      ]);
  });
});
