import type { BotParams } from '../../../schemas/generated/nodes/bot.params';
import { durationMs } from '../../../schemas/durations';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import type { ParkedState } from '../engine-host';
import { defineNode, type NodeRun } from './define-node';

/** How far the bot got (parked across continue-as-new). */
interface BotProgress extends ParkedState {
  /** the bot hands over at this instant at the latest */
  until: number;
  /** client messages the bot has taken care of */
  handled: number;
}

/**
 * docs/product.md §3.8: the chatbot takes the dialog first. It answers the client's latest message (the one that
 * opened the dialog, when it is there already) and each one after it with the `faqBot` activity, and
 * hands over (`handOver`) when the client asks for a person or `handOverAfter` has passed.
 */
async function runBot({ node, params, path, resumed, host, engine }: NodeRun<BotParams>) {
  if (params.firstContactOnly && !engine.firstContact) return 'handOver';
  const nodeId = node.id;
  const progress: BotProgress = (resumed as BotProgress | undefined) ?? {
    until: host.now() + durationMs(params.handOverAfter),
    handled: Math.max(0, engine.clientMessages() - 1),
  };
  const input = { faq: params.faq, ...(params.handOverWords ? { handOverWords: params.handOverWords } : {}) };
  for (;;) {
    if (engine.clientMessages() > progress.handled) {
      progress.handled = engine.clientMessages();
      const reply = (await host.runActivity('faqBot', { ...input, text: engine.messageText() })) as {
        handOver?: boolean;
      } | null;
      if (reply?.handOver) return 'handOver';
      continue;
    }
    if (engine.closed()) return null;
    if (host.now() >= progress.until) return 'handOver';
    const spoke = () => engine.clientMessages() > progress.handled || engine.closed();
    await path.park(nodeId, progress, host.waitUntil(spoke, progress.until - host.now()));
  }
}

export const botNode = defineNode<BotParams>({
  type: 'bot',
  title: 'Chatbot',
  description:
    'The FAQ bot answers the client first and hands over when they ask for a person or after a time limit.',
  category: 'routing',
  params: NODE_PARAMS_SCHEMAS.bot,
  outputs: { handles: ['handOver'] },
  waits: true,
  instantOutputs: ['handOver'],
  run: (run) => runBot(run),
});
