import { Client, Connection } from '@temporalio/client';
import { DialogEventEntity, MessageEntity } from '../../db/entities';
import { DEMO_WEBHOOK_CHANNEL_ID } from '../../db/demo-seed';
import { dialogWorkflowId } from '../../workflows/definitions';
import { eventually, tempDir, testConfig, TestStack } from '../support/test-stack';

/**
 * A dialog of 2,000 client messages on a real dev server: the workflow continues as new when Temporal
 * suggests it, each run's history stays bounded, and every message is stored once.
 */
describe('a long dialog', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await TestStack.start(testConfig({ LINEFLOW_DATA_DIR: tempDir() }));
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
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: total + 3 }, (_, i) => i + 1));

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
      process.stdout.write(
        `long dialog: ${runs.length} runs, current history ${description.historyLength} events\n`,
      );
    } finally {
      await connection.close();
    }
  }, 300_000);
});
