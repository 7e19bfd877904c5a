import type { BotParams } from '../../schemas/generated/nodes/bot.params';
import { durationMs } from '../../schemas/durations';
import type { EngineHost, ParkedState, PathContext } from './engine-host';

/** What the bot node needs from the engine running it. */
export interface BotEngine {
  host: EngineHost;
  /** how many client messages the dialog has had */
  clientMessages(): number;
  /** the latest client message's text */
  messageText(): string | null;
  firstContact: boolean;
  closed(): boolean;
}

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
export async function runBotNode(
  engine: BotEngine,
  nodeId: string,
  params: BotParams,
  path: PathContext,
  resumed?: ParkedState,
): Promise<string | null> {
  if (params.firstContactOnly && !engine.firstContact) return 'handOver';
  const { host } = engine;
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
