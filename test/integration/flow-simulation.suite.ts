import { Client, Connection } from '@temporalio/client';
import { loadCatalog } from '../../activities/registry';
import { runSavedScenarios } from '../../api/flow-simulation/simulate-on-line';
import { DEFAULT_FLOW } from '../../db/default-flow';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { DIALOG_WORKFLOW_TYPE, dialogWorkflowId } from '../../workflows/definitions';
import type { Flow } from '../../schemas/generated/flow';
import type { FlowSimulation } from '../../schemas/generated/responses/flow-simulation';
import { ADMIN_PASSWORD, DEMO_PASSWORD, eventually, TestStack, type Engine } from '../support/test-stack';

/**
 * The flow designer's "Try it" on a real stack (docs/flows.md §8): dry runs of the demo line's flow
 * against its stored settings and operators (KPI first answer 3 minutes; evenly, 1-minute steps), the
 * routing's reasons for skipping operators, refusals, and the scenarios saved with the line.
 */
export function describeFlowSimulation(engine: Engine): void {
  describe(`flow simulation on ${engine}`, () => {
    let stack: TestStack;
    let admin: string;
    let supervisor: string;
    /** the demo line's queue, in order: Operator 1, 2, 3 */
    let ops: string[];
    const simulatePath = `/api/lines/${DEMO_LINE_ID}/flow/simulate`;
    const scenariosPath = `/api/lines/${DEMO_LINE_ID}/flow/scenarios`;
    const simulate = (body: unknown, token = admin) =>
      stack.request<FlowSimulation & { error?: any }>('POST', simulatePath, { token, json: body });
    const hello = { at: '0', type: 'client.message', text: 'Hello' };

    beforeAll(async () => {
      stack = await TestStack.startOn(engine);
      admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
      supervisor = await stack.login('supervisor@lineflow.local', DEMO_PASSWORD);
      const line = await stack.request('GET', `/api/lines/${DEMO_LINE_ID}`, { token: admin });
      ops = line.body.settings.queue.operators;
    });

    afterAll(async () => {
      await stack?.stop();
    });

    it('nobody accepts for 3 minutes: the queue passes the dialog along and the KPI alert path runs', async () => {
      const response = await simulate({ script: { events: [hello], runFor: '200s' } });
      expect(response.status).toBe(200);
      const { steps, routing, kpiBreaches, activityCalls, status, operators } = response.body;
      expect(operators).toEqual(ops.map((id, i) => ({ id, name: `Operator ${i + 1}` })));
      expect(steps.map((s) => `${s.nodeId}:${s.outcome}@${s.at / 1000}`)).toEqual([
        'started:next@0',
        'crm:next@0',
        'firstAnswerLate:next@180',
        'alertFirstAnswer:next@180',
        'queue:exhausted@180',
        'queue:null@180',
      ]);
      expect(steps.at(-1)).toMatchObject({ nodeId: 'queue', waiting: true });
      expect(steps.find((s) => s.nodeId === 'alertFirstAnswer')).toMatchObject({
        trigger: 'firstAnswerLate',
        pathId: 2,
      });
      expect(kpiBreaches).toEqual([{ at: 180_000, kpi: 'firstAnswer' }]);
      expect(activityCalls).toEqual([
        { name: 'findOrCreateClient', input: {}, at: 0 },
        { name: 'sendKpiAlert', input: { kpi: 'firstAnswer' }, at: 180_000 },
      ]);
      const offers = routing.filter((r) => r.event === 'offered');
      expect(offers.map((o) => [o.at, o.operatorIds])).toEqual([
        [0, [ops[0]]],
        [60_000, [ops[1]]],
        [120_000, [ops[2]]],
        [180_000, [ops[0]]],
      ]);
      expect(offers[1]!.skipped).toEqual([{ operatorId: ops[0], reason: 'alreadyTried' }]);
      expect(routing.filter((r) => r.event === 'withdrawn').map((r) => r.at)).toEqual([
        60_000, 120_000, 180_000,
      ]);
      expect(status).toBe('offered');
    });

    it('says why operators were skipped: offline (the script), on vacation and at their own limit (stored)', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const patch = (id: string, json: unknown) =>
        stack.request('PATCH', `/api/operators/${id}`, { token: admin, json });
      expect((await patch(ops[1]!, { vacations: [{ from: today, to: today }] })).status).toBe(200);
      expect((await patch(ops[2]!, { maxOpenDialogs: 1 })).status).toBe(200);
      try {
        const response = await simulate({
          script: {
            events: [hello],
            operators: [
              { id: ops[0], online: false },
              { id: ops[2], openDialogs: 1 },
            ],
            runFor: '2m',
          },
        });
        expect(response.status).toBe(200);
        expect(response.body.routing[0]).toEqual({
          at: 0,
          event: 'waiting',
          operatorIds: [],
          skipped: [
            { operatorId: ops[0], reason: 'offline' },
            { operatorId: ops[1], reason: 'vacation' },
            { operatorId: ops[2], reason: 'atLimit' },
          ],
        });
        expect(response.body.routing.filter((r) => r.event === 'offered')).toEqual([]);
        // Operator 3 with room again: offered, the other two skipped
        const room = await simulate({
          script: { events: [hello], operators: [{ id: ops[0], online: false }], runFor: '30s' },
        });
        expect(room.body.routing).toEqual([
          {
            at: 0,
            event: 'offered',
            operatorIds: [ops[2]],
            skipped: [
              { operatorId: ops[0], reason: 'offline' },
              { operatorId: ops[1], reason: 'vacation' },
            ],
          },
        ]);
      } finally {
        await patch(ops[1]!, { vacations: [] });
        await patch(ops[2]!, { maxOpenDialogs: null });
      }
    });

    it('an operator accepting at 2 minutes takes the dialog: no KPI breach, the queue left by accepted', async () => {
      const response = await simulate({
        script: {
          events: [hello, { at: '2m', type: 'operator.accept', operator: ops[2] }],
          runFor: '170s',
        },
      });
      expect(response.status).toBe(200);
      expect(response.body.steps.map((s) => `${s.nodeId}:${s.outcome}`)).toEqual([
        'started:next',
        'crm:next',
        'queue:accepted',
        'accepted:null',
      ]);
      expect(response.body.routing.at(-1)).toEqual({ at: 120_000, event: 'accepted', operatorIds: [ops[2]] });
      expect(response.body.status).toBe('in_progress');
      expect(response.body.kpiBreaches).toEqual([]);
    });

    it('plays the flow of the body; refuses an invalid one with 422 and the problems, a bad script with 400', async () => {
      const tagging: Flow = {
        schemaVersion: 1,
        name: 'Tag only',
        nodes: [
          { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
          { id: 'vip', type: 'tag', params: { tag: 'vip' } },
        ],
        edges: [{ source: 'start', target: 'vip' }],
      };
      const played = await simulate({ flow: tagging, script: { events: [], runFor: '1m' } });
      expect(played.status).toBe(200);
      expect(played.body.tags).toEqual(['vip']);
      expect(played.body.steps.map((s) => s.nodeId)).toEqual(['start', 'vip']);

      const unreachable = { ...tagging, nodes: [...tagging.nodes, { id: 'lost', type: 'end', params: {} }] };
      const invalid = await simulate({ flow: unreachable, script: { events: [], runFor: '1m' } });
      expect(invalid.status).toBe(422);
      expect(invalid.body.error.code).toBe('invalid_flow');
      expect(invalid.body.error.details).toEqual([expect.objectContaining({ nodeId: 'lost' })]);

      const tooLong = await simulate({ script: { events: [], runFor: '8d' } });
      expect(tooLong.status).toBe(400);
      const tooMany = await simulate({ script: { events: Array(201).fill(hello), runFor: '1m' } });
      expect(tooMany.status).toBe(400);
      const stranger = await simulate({
        script: { events: [], operators: [{ id: 'nobody' }], runFor: '1m' },
      });
      expect(stranger.status).toBe(400);
      expect(stranger.body.error.details[0].pointer).toBe('/script/operators/0/id');
      expect((await simulate({ script: { events: [], runFor: '1m' } }, supervisor)).status).toBe(403);
    });

    it('saves scenarios with the line, reads them back in order, and runSavedScenarios warns of a failing one', async () => {
      expect((await stack.request('GET', scenariosPath, { token: admin })).body).toEqual({ items: [] });
      const items = [
        {
          name: 'Nobody accepts for 3 minutes',
          script: { events: [hello], runFor: '200s' },
          expect: { visits: ['alertFirstAnswer'], status: 'offered' },
        },
        {
          name: 'Accepted at 2 minutes',
          script: {
            events: [hello, { at: '2m', type: 'operator.accept', operator: ops[2] }],
            runFor: '170s',
          },
          // wrong on purpose: the first answer clock has not run out
          expect: { visits: ['alertFirstAnswer'], notVisits: ['accepted'] },
        },
        { name: 'No expectation', script: { events: [], runFor: '1m' } },
      ];
      const saved = await stack.request('PUT', scenariosPath, { token: admin, json: { items } });
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({ items });
      expect((await stack.request('GET', scenariosPath, { token: admin })).body).toEqual({ items });

      const warnings = await runSavedScenarios(stack.db, loadCatalog(), DEMO_LINE_ID, DEFAULT_FLOW);
      expect(warnings).toEqual([
        {
          pointer: `/nodes/${DEFAULT_FLOW.nodes.findIndex((n) => n.id === 'alertFirstAnswer')}`,
          nodeId: 'alertFirstAnswer',
          message:
            'Scenario "Accepted at 2 minutes": it never reached node "alertFirstAnswer"; it passed node "accepted"',
        },
      ]);

      // publishing runs them again: the failing one is a warning of the publish, which goes ahead
      const flowPath = `/api/lines/${DEMO_LINE_ID}/flow`;
      expect((await stack.request('PUT', flowPath, { token: admin, json: DEFAULT_FLOW })).status).toBe(200);
      const published = await stack.request('POST', `${flowPath}/publish`, { token: admin, json: {} });
      expect(published.status).toBe(201);
      expect(published.body.warnings).toEqual(warnings);

      const duplicate = await stack.request('PUT', scenariosPath, {
        token: admin,
        json: { items: [items[2], items[2]] },
      });
      expect(duplicate.status).toBe(400);
      expect(duplicate.body.error.details[0].pointer).toBe('/items/1/name');
      const reordered = await stack.request('PUT', scenariosPath, {
        token: admin,
        json: { items: [items[2], items[0]] },
      });
      expect(reordered.body.items.map((i: { name: string }) => i.name)).toEqual([
        items[2]!.name,
        items[0]!.name,
      ]);
      expect((await stack.request('GET', scenariosPath, { token: supervisor })).status).toBe(403);
    });

    it("links admins to a dialog's workflow in Temporal's web UI (the embedded dev server's here)", async () => {
      const secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
      const body = JSON.stringify({
        externalMessageId: 'sim-1',
        client: { externalId: 'sim-c1' },
        text: 'Hi',
      });
      const inbound = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret);
      expect(inbound.status).toBe(202);
      const dialogId: string = inbound.body.dialogId;
      // the dialog's row is written by its workflow, a moment after the message is taken in
      const workflow = await eventually(async () => {
        const answer = await stack.request('GET', `/api/dialogs/${dialogId}/workflow`, { token: admin });
        return answer.status === 200 ? answer : undefined;
      });
      expect(stack.running.temporalUiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(workflow.body).toEqual({
        workflowId: dialogWorkflowId(dialogId),
        namespace: 'default',
        uiUrl: `${stack.running.temporalUiUrl}/namespaces/default/workflows/${dialogWorkflowId(dialogId)}`,
      });
      // the workflow is there under that id
      const connection = await Connection.connect({ address: stack.running.temporalAddress });
      try {
        const temporal = new Client({ connection, namespace: workflow.body.namespace });
        const described = await eventually(() =>
          temporal.workflow
            .getHandle(workflow.body.workflowId)
            .describe()
            .catch(() => undefined),
        );
        expect(described.type).toBe(DIALOG_WORKFLOW_TYPE);
      } finally {
        await connection.close();
      }
      expect(
        (await stack.request('GET', `/api/dialogs/${dialogId}/workflow`, { token: supervisor })).status,
      ).toBe(403);
      expect((await stack.request('GET', '/api/dialogs/nope/workflow', { token: admin })).status).toBe(404);
    });

    it("plays the line's draft when the body names no flow", async () => {
      const draft: Flow = {
        schemaVersion: 1,
        name: 'Draft',
        nodes: [
          { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
          { id: 'drafted', type: 'tag', params: { tag: 'from-draft' } },
        ],
        edges: [{ source: 'start', target: 'drafted' }],
      };
      expect(
        (await stack.request('PUT', `/api/lines/${DEMO_LINE_ID}/flow`, { token: admin, json: draft })).status,
      ).toBe(200);
      const played = await simulate({ script: { events: [], runFor: '1m' } });
      expect(played.body.steps.map((s) => s.nodeId)).toEqual(['start', 'drafted']);
    });
  });
}
