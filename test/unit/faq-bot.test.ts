import { faqBot } from '../../activities/faq-bot/faq-bot.activity';

/** The FAQ bot's own decisions; the message it writes is captured by a stand-in transaction. */
describe('faqBot', () => {
  const faq = [
    { keywords: ['delivery', 'shipping'], answer: 'Delivery takes 2–3 days.' },
    { keywords: ['opening hours'], answer: 'We are open 9–18.' },
  ];
  const run = async (text: string | null, handOverWords?: string[]) => {
    const written: Array<Record<string, unknown>> = [];
    const announced: Array<Record<string, unknown>> = [];
    const manager = {
      getRepository: (entity: { options: { tableName: string } }) => ({
        insert: async (row: Record<string, unknown>) =>
          (entity.options.tableName === 'messages' ? written : announced).push(row),
      }),
    };
    const db = { transaction: (work: (tx: unknown) => Promise<unknown>) => work(manager) };
    const answer = await faqBot.run(
      { text, faq, ...(handOverWords ? { handOverWords } : {}) },
      {
        dialog: { id: 'd1', lineId: 'l', channelId: 'c' },
        callId: 'd1:7',
        timelineSeq: 7,
        services: { db: db as never },
      },
    );
    return { answer, written, announced };
  };

  it('answers from the FAQ by whole word or phrase, in any case, as the bot', async () => {
    const { answer, written, announced } = await run('How long is SHIPPING to Berlin?');
    expect(answer).toEqual({ handOver: false, answered: true });
    expect(written).toEqual([
      expect.objectContaining({ author: 'bot', text: 'Delivery takes 2–3 days.', dialogId: 'd1' }),
    ]);
    expect(announced).toEqual([
      expect.objectContaining({
        type: 'message.created',
        dialogId: 'd1',
        data: { message: expect.objectContaining({ author: 'bot' }) },
      }),
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

  it('writes the same message id on a retry of the same call', async () => {
    const [a, b] = [await run('delivery?'), await run('delivery?')];
    expect(a.written[0]!.id).toBe(b.written[0]!.id);
  });
});
