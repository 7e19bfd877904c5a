import type { DataSource } from 'typeorm';
import { openDatabase } from '../../db/data-source';
import { derivedId } from '../../db/derived-ids';
import { LiveEventEntity, MessageEntity, type LiveEvent, type Message } from '../../db/entities';
import { tempDir } from '../support/test-stack';
import { faqBot } from '../../activities/faq-bot/faq-bot.activity';

/** The FAQ bot's own decisions, and the message it writes, on a real (SQLite) read model. */
describe('faqBot', () => {
  const faq = [
    { keywords: ['delivery', 'shipping'], answer: 'Delivery takes 2–3 days.' },
    { keywords: ['opening hours'], answer: 'We are open 9–18.' },
  ];
  let db: DataSource;
  let call = 0;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: tempDir() });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  /** Runs the bot as call number `seq` of dialog d1; answers what it decided and what it wrote. */
  const run = async (text: string | null, handOverWords?: string[], seq = ++call) => {
    const answer = await faqBot.run(
      { text, faq, ...(handOverWords ? { handOverWords } : {}) },
      {
        dialog: { id: 'd1', lineId: 'l', channelId: 'c' },
        callId: `d1:${seq}`,
        timelineSeq: seq,
        timelineKey: `call:d1:${seq}`,
        at: new Date(),
        services: { db },
      },
    );
    const mine = (m: { id: string }) => m.id === derivedId('line-message', `d1:${seq}`);
    const written = (await db.getRepository<Message>(MessageEntity).findBy({ dialogId: 'd1' })).filter(mine);
    const announced = (await db.getRepository<LiveEvent>(LiveEventEntity).findBy({ dialogId: 'd1' }))
      .filter((e) => mine(e.data.message as { id: string }))
      .map((e) => ({ type: e.type, data: e.data }));
    return { answer, written, announced };
  };

  it('answers from the FAQ by whole word or phrase, in any case, as the bot', async () => {
    const { answer, written, announced } = await run('How long is SHIPPING to Berlin?');
    expect(answer).toEqual({ handOver: false, answered: true });
    expect(written).toEqual([
      expect.objectContaining({ author: 'bot', text: 'Delivery takes 2–3 days.', dialogId: 'd1' }),
    ]);
    expect(announced).toEqual([
      {
        type: 'message.created',
        data: { message: expect.objectContaining({ author: 'bot', text: 'Delivery takes 2–3 days.' }) },
      },
    ]);
    expect((await run('what are your opening hours')).written[0]).toMatchObject({
      text: 'We are open 9–18.',
    });
    expect((await run('deliveryman')).answer).toEqual({ handOver: false, answered: false }); // not a whole word
  });

  it('hands over when the client asks for a person, and stays silent when it has no answer', async () => {
    expect(await run('Can I talk to a human?')).toEqual({
      answer: { handOver: true, answered: false },
      written: [],
      announced: [],
    });
    expect((await run('get me a manager', ['manager'])).answer.handOver).toBe(true);
    expect((await run('get me a human', ['manager'])).answer.handOver).toBe(false);
    expect(await run(null)).toEqual({
      answer: { handOver: false, answered: false },
      written: [],
      announced: [],
    });
  });

  it('writes its answer once when the same call is retried', async () => {
    const [a, b] = [await run('delivery?', undefined, 900), await run('delivery?', undefined, 900)];
    expect(a.written).toHaveLength(1);
    expect(b.written).toEqual(a.written);
    expect(b.announced).toHaveLength(1);
  });
});
