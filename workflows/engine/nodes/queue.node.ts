import type { QueueParams } from '../../../schemas/generated/nodes/queue.params';
import { durationMs } from '../../../schemas/durations';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import type { ParkedState } from '../engine-host';
import { defineNode, type NodeRun } from './define-node';

/**
 * How long a queue that found nobody with room (or nobody available) waits before asking again. Dialogs
 * that free room nudge the waiting ones at once; this only bounds the wait when a nudge was missed
 * (the waiting dialog took its place in line just after the freeing dialog looked).
 */
export const QUEUE_RECHECK_MS = 60_000;

/** Where a queue node is in its rounds (parked across continue-as-new). */
interface QueueProgress extends ParkedState {
  /** the dialog's accept count when the queue began: a higher one means someone accepted */
  acceptedBefore: number;
  round: number;
  /** operators offered the dialog in this round */
  tried: string[];
  /** a round in which nobody was available ends then */
  roundEnds: number;
  /** the open step: whom it is offered to, until when */
  offered: { operatorIds: string[]; until: number } | null;
}

/**
 * docs/product.md §3.1: offer step by step until someone accepts. A step that nobody accepts within
 * `stepTimeout` is withdrawn and the next operator is tried; a round ends when everyone who could
 * take the dialog was offered it; after `rounds` rounds the queue is exhausted. While every
 * candidate is at their load limit the dialog waits (no step is spent) until room frees. Each wait
 * parks the queue's progress, so a long queue survives continue-as-new.
 */
async function runQueue({ node, params, path, resumed, host, engine }: NodeRun<QueueParams>) {
  const nodeId = node.id;
  const stepMs = durationMs(params.stepTimeout);
  const q: QueueProgress = (resumed as QueueProgress | undefined) ?? {
    acceptedBefore: engine.count('dialog.accepted'),
    round: 1,
    tried: [],
    roundEnds: host.now() + stepMs,
    offered: null,
  };
  const accepted = () => engine.count('dialog.accepted') > q.acceptedBefore;
  const park = <T>(wait: Promise<T>) => path.park(nodeId, q, wait);
  // A round in which nobody is available still lasts one step (asking again every QUEUE_RECHECK_MS),
  // so someone coming online is found and a flow looping back into the queue never spins in no time.
  for (; q.round <= (params.rounds ?? 1); q.round++, q.tried = [], q.roundEnds = host.now() + stepMs) {
    for (;;) {
      if (q.offered) {
        const stepEnds = q.offered.until;
        await park(host.waitUntil(() => accepted() || engine.closed(), Math.max(0, stepEnds - host.now())));
        if (accepted()) return 'accepted';
        const { assignedTo } = await host.withdrawOffer();
        if (assignedTo !== null) return 'accepted';
        if (engine.closed()) return null; // closed without an operator (spam, a close node elsewhere)
        q.tried.push(...q.offered.operatorIds);
        q.offered = null;
      }
      if (accepted()) return 'accepted';
      if (engine.closed()) {
        await host.withdrawOffer(); // closed while waiting for room: leave the line of waiting dialogs
        return null;
      }
      const nudges = engine.capacityNudges();
      const answer = await host.offer({
        mode: params.mode,
        checkAvailability: params.checkAvailability ?? true,
        tried: q.tried,
      });
      if (answer.kind === 'assigned') return 'accepted';
      if (answer.kind === 'offer') {
        q.offered = { operatorIds: answer.operatorIds, until: host.now() + stepMs };
        continue;
      }
      const woken = () => accepted() || engine.closed() || engine.capacityNudges() > nudges;
      if (answer.kind === 'busy') {
        await park(host.waitUntil(woken, QUEUE_RECHECK_MS));
        continue;
      }
      if (q.tried.length > 0 || host.now() >= q.roundEnds) break;
      await park(host.waitUntil(woken, Math.min(QUEUE_RECHECK_MS, q.roundEnds - host.now())));
    }
  }
  await host.withdrawOffer(); // give up the place in line the last round may have taken
  engine.emit('queue.exhausted');
  return 'exhausted';
}

export const queueNode = defineNode<QueueParams>({
  type: 'queue',
  title: 'Queue',
  description: 'Offers the dialog to operators step by step until one accepts or the queue is exhausted.',
  category: 'routing',
  params: NODE_PARAMS_SCHEMAS.queue,
  outputs: { handles: ['accepted', 'exhausted'] },
  waits: true,
  instantOutputs: ['accepted'],
  run: (run) => runQueue(run),
});
