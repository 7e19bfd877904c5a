import { Client, Connection } from '@temporalio/client';
import { DialogEntity, DialogEventEntity, MessageEntity, UserEntity } from '../../db/entities';
import { DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { dialogWorkflowId } from '../../workflows/definitions';
import { DEMO_PASSWORD, eventually, tempDir, testConfig, TestStack } from '../support/test-stack';

/**
 * A dialog of 2,000 client messages on a real dev server, on the demo line's default flow whose queue
 * waits all along: the workflow continues as new when Temporal suggests it (the waiting queue path
 * goes along), each run's history stays bounded, and every message is stored once.
 */
const SUGGEST_CONTINUE_AS_NEW = 'limit.historyCount.suggestContinueAsNew';
const SUGGEST_AT = 1000;

describe('a long dialog', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // With local activities a message costs few history events: at the server's default suggestion this
    // dialog's 2,000 messages fit in one run. A lower one makes it continue as new, and while messages
    // keep coming a continue-as-new is refused and its workflow task run again, local activities and all
    // (what the timeline's keys are for: every message still on it once, below).
    stack = await TestStack.start(testConfig({ LINEFLOW_DATA_DIR: tempDir() }), {
      temporalDynamicConfig: { [SUGGEST_CONTINUE_AS_NEW]: SUGGEST_AT },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('continues as new, keeps its history bounded and loses no message', async () => {
    const secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
    const total = 2000;
    const body = (i: number) =>
      JSON.stringify({
        externalMessageId: `long-${i}`,
        client: { externalId: 'long-talker' },
        text: `#${i}`,
      });
    const first = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body(0), secret);
    const dialogId: string = first.body.dialogId;
    // in order, a few at a time, as one chatty client would write
    for (let i = 1; i < total; i += 10) {
      const batch = Array.from({ length: Math.min(10, total - i) }, (_, k) => i + k);
      const answers = await Promise.all(
        batch.map((n) => stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body(n), secret)),
      );
      expect(answers.every((a) => a.status === 202 && a.body.dialogId === dialogId)).toBe(true);
    }

    const messages = stack.db.getRepository(MessageEntity);
    await eventually(
      async () => ((await messages.countBy({ dialogId })) === total ? true : undefined),
      180_000,
    );
    const texts = (await messages.find({ where: { dialogId }, select: { text: true } })).map((m) => m.text);
    expect(new Set(texts)).toEqual(new Set(Array.from({ length: total }, (_, i) => `#${i}`)));
    // one timeline entry per message, plus the opening and the flow's two steps, each sequence number once
    const events = await stack.db
      .getRepository(DialogEventEntity)
      .find({ where: { dialogId }, order: { seq: 'ASC' } });
    // every message once on the timeline (numbers may skip: steps that record nothing take one too)
    expect(events.filter((e) => e.type === 'client.message')).toHaveLength(total);
    expect(new Set(events.map((e) => e.seq)).size).toBe(events.length);

    const connection = await Connection.connect({ address: stack.running.temporalAddress });
    try {
      const temporal = new Client({ connection, namespace: stack.config.temporal.namespace });
      const description = await temporal.workflow.getHandle(dialogWorkflowId(dialogId)).describe();
      expect(description.status.name).toBe('RUNNING');
      const runs = [];
      for await (const run of temporal.workflow.list({
        query: `WorkflowId = '${dialogWorkflowId(dialogId)}'`,
      })) {
        runs.push(run);
      }
      expect(runs.length).toBeGreaterThan(1); // it did continue as new
      expect(description.historyLength).toBeLessThan(8000); // and no single run holds the whole dialog
      // how many workflow tasks were run again (their first attempt's local activities with them)
      let retried = 0;
      for (const run of runs) {
        const history = await temporal.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
        retried += (history.events ?? []).filter(
          (e) => e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes,
        ).length;
      }
      process.stdout.write(
        `long dialog: ${runs.length} runs, current history ${description.historyLength} events, ` +
          `${retried} workflow tasks failed or timed out (run again)\n`,
      );
    } finally {
      await connection.close();
    }

    // All along, the default flow's queue waited for someone to come online (nobody was): its path
    // was carried into each new run, so an operator going online now still gets the dialog.
    const operator = await stack.login('operator2@lineflow.local', DEMO_PASSWORD);
    await stack.request('POST', '/api/me/presence', { token: operator, json: { online: true } });
    const operatorId = (
      await stack.db.getRepository(UserEntity).findOneByOrFail({ email: 'operator2@lineflow.local' })
    ).id;
    const offered = await eventually(async () => {
      const dialog = await stack.db.getRepository(DialogEntity).findOneByOrFail({ id: dialogId });
      return dialog.offeredTo.length ? dialog : undefined;
    }, 90_000);
    expect(offered.offeredTo).toEqual([operatorId]);
  }, 400_000);
});
