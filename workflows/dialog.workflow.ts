import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { CatalogActivityCall, DialogActivities } from '../activities';
import { FALLBACK_FLOW } from './engine/default-flow';
import { FlowEngine, type EngineHost } from './engine/interpreter';
import {
  acceptUpdate,
  answerUpdate,
  closeUpdate,
  inviteUpdate,
  pinUpdate,
  rateUpdate,
  spamUpdate,
  takeUpdate,
  transferUpdate,
  clientMessageSignal,
  dialogEngineQuery,
  dialogSnapshotQuery,
  type Actor,
  type CarriedDialog,
  type ClientMessage,
  type DialogWorkflowInput,
} from './definitions';

/** How many recent message ids a new run keeps for dropping repeats (older ones the API catches). */
const RECENT_MESSAGE_IDS = 500;

const { openDialog, recordClientMessage, recordFlowStep, recordDialogChange } =
  proxyActivities<DialogActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });

/** Catalog activities by name (built-in and custom), as the flow's action nodes name them. */
const catalogActivities = proxyActivities<Record<string, (call: CatalogActivityCall) => Promise<unknown>>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * One dialog: the Temporal host of the flow engine. It opens the dialog's read model, runs the flow
 * pinned at the start (timers are Temporal timers, actions are activities, every executed node goes to
 * the timeline), and records every client message once, in arrival order, handing it to the flow.
 * It ends when the flow has closed the dialog and no path is still running.
 */
export async function dialogWorkflow(input: DialogWorkflowInput): Promise<void> {
  const carried = input.carried;
  const inbox: ClientMessage[] = [...(carried?.inbox ?? [])];
  const seen = new Set<string>(carried?.recentMessageIds);
  let clientId: string | null = carried?.clientId ?? null;
  let recorded = carried?.recorded ?? 0;
  // set once the dialog is open; the query handler (registered before the first await) reads it
  let engine: FlowEngine | undefined = undefined;
  // Timeline sequence numbers; the read model upserts by (dialogId, seq), so retries never duplicate.
  let seq = carried?.seq ?? 0;
  let responsibleOperatorId: string | null = carried?.responsibleOperatorId ?? null;
  const isSupervising = (actor: Actor) => actor.role === 'supervisor' || actor.role === 'admin';
  const mustBeOpen = () => {
    if (!engine) throw new Error('the dialog is still opening; try again');
    if (engine.closed) throw new Error('the dialog is closed');
  };
  let participants: string[] = carried?.participants ?? [];
  const mustHandle = (actor: Actor, what: string) => {
    if (responsibleOperatorId !== actor.operatorId && !isSupervising(actor)) {
      throw new Error(`only the responsible operator or a supervisor can ${what}`);
    }
  };
  const recordChange = (
    type: string,
    actor: Actor,
    extra: Partial<Parameters<typeof recordDialogChange>[0]> = {},
  ) =>
    recordDialogChange({
      dialogId: input.dialogId,
      channelId: input.channelId,
      seq: ++seq,
      type,
      at: new Date().toISOString(),
      operatorId: actor.operatorId,
      ...extra,
    });

  // Operator actions. Validators run before anything is recorded and reject with the reason the API
  // shows as 409; handlers change the state synchronously first, so an update right behind sees it.
  setHandler(
    acceptUpdate,
    async (actor) => {
      responsibleOperatorId = actor.operatorId;
      engine!.emit('dialog.accepted');
      await recordChange('dialog.accepted', actor, { responsibleOperatorId: actor.operatorId });
      return { responsibleOperatorId: actor.operatorId };
    },
    {
      validator: (actor) => {
        mustBeOpen();
        if (responsibleOperatorId && responsibleOperatorId !== actor.operatorId) {
          throw new Error('the dialog is already taken by another operator');
        }
      },
    },
  );
  setHandler(
    answerUpdate,
    async (answer) => {
      engine!.emit('operator.message');
      await recordChange('operator.message', answer, {
        status: 'in_progress',
        message: { id: answer.messageId, text: answer.text, hidden: answer.hidden },
      });
      return { messageId: answer.messageId };
    },
    {
      validator: (answer) => {
        mustBeOpen();
        if (responsibleOperatorId !== answer.operatorId && !isSupervising(answer)) {
          throw new Error('accept the dialog before answering');
        }
      },
    },
  );
  setHandler(
    closeUpdate,
    async (actor) => {
      engine!.closeBy('closed');
      await recordChange('dialog.closed', actor, { status: 'closed' });
      return { status: 'closed' };
    },
    {
      validator: (actor) => {
        mustBeOpen();
        mustHandle(actor, 'close the dialog');
      },
    },
  );
  setHandler(
    takeUpdate,
    async (actor) => {
      responsibleOperatorId = actor.operatorId;
      await recordChange('dialog.taken', actor, { responsibleOperatorId: actor.operatorId });
      return { responsibleOperatorId: actor.operatorId };
    },
    {
      validator: (actor) => {
        mustBeOpen();
        if (!isSupervising(actor)) throw new Error('only a supervisor can take a dialog over');
      },
    },
  );
  setHandler(
    transferUpdate,
    async (transfer) => {
      responsibleOperatorId = transfer.toOperatorId;
      engine!.emit('dialog.transferred');
      await recordChange('dialog.transferred', transfer, {
        responsibleOperatorId: transfer.toOperatorId,
        participant: transfer.toOperatorId,
      });
      return { responsibleOperatorId: transfer.toOperatorId };
    },
    {
      validator: (transfer) => {
        mustBeOpen();
        mustHandle(transfer, 'transfer the dialog');
        if (transfer.toOperatorId === responsibleOperatorId)
          throw new Error('that operator already has the dialog');
      },
    },
  );
  setHandler(
    spamUpdate,
    async (actor) => {
      engine!.closeBy('spam');
      await recordChange('dialog.spam', actor, { status: 'spam' });
      return { status: 'spam' };
    },
    {
      validator: (actor) => {
        mustBeOpen();
        mustHandle(actor, 'mark the dialog as spam');
      },
    },
  );
  setHandler(
    pinUpdate,
    async (actor) => {
      await recordChange('dialog.pinned', actor, { pinned: true });
      return { pinned: true };
    },
    {
      validator: (actor) => {
        mustBeOpen();
        if (responsibleOperatorId !== actor.operatorId)
          throw new Error('only the responsible operator can pin');
      },
    },
  );
  setHandler(
    inviteUpdate,
    async (invitation) => {
      participants = [...new Set([...participants, invitation.inviteeId])];
      await recordChange('dialog.invited', invitation, { participant: invitation.inviteeId });
      return { participants };
    },
    {
      validator: (invitation) => {
        mustBeOpen();
        mustHandle(invitation, 'invite a colleague');
        if (invitation.inviteeId === responsibleOperatorId)
          throw new Error('that operator already has the dialog');
      },
    },
  );
  setHandler(
    rateUpdate,
    async (rating) => {
      await recordChange('dialog.rated', rating, { supervisorRating: rating.value });
      return { rating: rating.value };
    },
    {
      validator: (rating) => {
        if (!isSupervising(rating)) throw new Error('only a supervisor can rate a dialog');
      },
    },
  );

  setHandler(clientMessageSignal, (message) => {
    if (seen.has(message.messageId)) return;
    seen.add(message.messageId);
    inbox.push(message);
  });
  setHandler(dialogSnapshotQuery, () => ({
    dialogId: input.dialogId,
    clientId,
    messagesReceived: recorded,
    pendingMessages: inbox.length,
  }));
  setHandler(dialogEngineQuery, () => ({
    variables: engine?.variables ?? {},
    tags: engine?.tags ?? [],
    status: engine?.status ?? null,
    finished: engine?.finished ?? false,
  }));

  const opened = carried ?? (await openDialog({ ...input, seq: ++seq, at: new Date().toISOString() }));
  clientId = opened.clientId;
  const flow = opened.flow ?? FALLBACK_FLOW;
  const dialog = { id: input.dialogId, lineId: input.lineId, channelId: input.channelId };
  const host: EngineHost = {
    now: () => Date.now(),
    sleep: (ms) => sleep(ms),
    waitUntil: async (test, timeoutMs) => {
      if (timeoutMs === undefined) {
        await condition(test);
        return true;
      }
      return condition(test, timeoutMs);
    },
    runActivity: (name, activityInput) => catalogActivities[name]!({ input: activityInput, dialog }),
    record: (entry) => recordFlowStep({ dialogId: input.dialogId, seq: ++seq, entry }),
  };
  engine = new FlowEngine(
    flow,
    host,
    { ...dialog, clientName: input.client.name ?? null },
    opened.facts,
    carried?.engine,
  );
  engine.start();

  // A long dialog hands over to a fresh run when Temporal suggests it, at a moment when no path is in
  // the middle of a node (a path waiting in a node holds the hand-over back until it moves on).
  const handOver = () => workflowInfo().continueAsNewSuggested && engine.idle && !engine.finished;
  for (;;) {
    await condition(() => inbox.length > 0 || engine.finished || handOver());
    if (handOver()) {
      await condition(allHandlersFinished);
      const state: CarriedDialog = {
        clientId: opened.clientId,
        facts: opened.facts,
        flow,
        flowVersion: opened.flowVersion,
        seq,
        recorded,
        recentMessageIds: [...seen].slice(-RECENT_MESSAGE_IDS),
        inbox,
        engine: engine.snapshot(),
        responsibleOperatorId,
        participants,
      };
      await continueAsNew<typeof dialogWorkflow>({ ...input, carried: state });
    }
    const message = inbox.shift();
    if (!message) break;
    await recordClientMessage({ dialogId: input.dialogId, channelId: input.channelId, seq: ++seq, message });
    recorded++;
    if (message.text !== undefined || message.attachments !== undefined) {
      engine.emit('client.message', { text: message.text ?? null });
    }
    if (message.rating !== undefined) engine.emit('rating.received', { rating: message.rating });
  }
  await condition(allHandlersFinished);
}
