import { ActivityFailure, ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { LeadResult } from '../activities/crm/create-lead.activity';
import type { RecordDialogChangeInput } from '../activities/read-model/record-dialog-change.activity';
import {
  acceptUpdate,
  answerUpdate,
  closeUpdate,
  createLeadUpdate,
  inviteUpdate,
  pinUpdate,
  rateUpdate,
  spamUpdate,
  takeUpdate,
  transferUpdate,
  type Actor,
} from './definitions';
import type { FlowEngine } from './engine/interpreter';
import type { TransferParams } from '../schemas/generated/nodes/transfer.params';

/** The part of a dialog that operator actions read and change; carried across continue-as-new. */
export interface OperatorDesk {
  responsibleOperatorId: string | null;
  participants: string[];
  /** undefined while the dialog is still opening */
  engine(): FlowEngine | undefined;
  /** Moves the dialog (read model and desk); the flow's transfer node does the same. */
  transfer(target: TransferParams, actor: Actor | null): Promise<void>;
  /** Makes the actor responsible under the routing rules (offer, load limit); throws the refusal. */
  assign(actor: Actor): Promise<void>;
  /** These operators may have room now (the dialog closed, was answered…): nudge waiting dialogs. */
  released(operatorIds: Array<string | null>): Promise<void>;
  /** Runs the catalog's createLead for this dialog. */
  createLead(): Promise<LeadResult>;
}

export type RecordChange = (
  type: string,
  actor: Actor,
  extra?: Partial<RecordDialogChangeInput>,
) => Promise<void>;

/** The reason an activity refused with (its ApplicationFailure's message), for the API's 409. */
function refusalOf(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

const isSupervising = (actor: Actor) => actor.role === 'supervisor' || actor.role === 'admin';

/**
 * The inbox buttons, as updates of the dialog workflow. Validators run before anything is recorded and
 * reject with the reason the API shows as 409; handlers change the desk synchronously first, so an
 * update right behind (the other of two simultaneous accepts) already sees the change.
 */
export function registerOperatorActions(desk: OperatorDesk, record: RecordChange): void {
  const mustBeOpen = () => {
    const engine = desk.engine();
    if (!engine) throw new Error('the dialog is still opening; try again');
    if (engine.closed) throw new Error('the dialog is closed');
  };
  const mustHandle = (actor: Actor, what: string) => {
    if (desk.responsibleOperatorId !== actor.operatorId && !isSupervising(actor)) {
      throw new Error(`only the responsible operator or a supervisor can ${what}`);
    }
  };

  setHandler(
    acceptUpdate,
    async (actor) => {
      // Taken at once, so an accept right behind this one is refused by its validator.
      desk.responsibleOperatorId = actor.operatorId;
      try {
        await desk.assign(actor);
      } catch (error) {
        desk.responsibleOperatorId = null;
        throw ApplicationFailure.create({
          message: refusalOf(error),
          type: 'AcceptRefused',
          nonRetryable: true,
        });
      }
      desk.engine()!.emit('dialog.accepted');
      return { responsibleOperatorId: actor.operatorId };
    },
    {
      validator: (actor) => {
        mustBeOpen();
        if (desk.responsibleOperatorId && desk.responsibleOperatorId !== actor.operatorId) {
          throw new Error('the dialog is already taken by another operator');
        }
      },
    },
  );
  setHandler(
    answerUpdate,
    async (answer) => {
      desk.engine()!.emit('operator.message', { hidden: answer.hidden });
      // A hidden note is not an answer: the client still waits.
      await record('operator.message', answer, {
        ...(answer.hidden ? {} : { status: 'waiting_client', answered: true }),
        message: { id: answer.messageId, text: answer.text, hidden: answer.hidden },
      });
      if (!answer.hidden) await desk.released([desk.responsibleOperatorId]);
      return { messageId: answer.messageId };
    },
    {
      validator: (answer) => {
        mustBeOpen();
        if (desk.responsibleOperatorId !== answer.operatorId && !isSupervising(answer)) {
          throw new Error('accept the dialog before answering');
        }
      },
    },
  );
  setHandler(
    closeUpdate,
    async (actor) => {
      desk.engine()!.closeBy('closed');
      await record('dialog.closed', actor, { status: 'closed' });
      await desk.released([desk.responsibleOperatorId]);
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
      desk.responsibleOperatorId = actor.operatorId;
      await record('dialog.taken', actor, { responsibleOperatorId: actor.operatorId });
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
      await desk.transfer(transfer.to, transfer);
      const engine = desk.engine()!;
      if (transfer.to.lineId === undefined) engine.emit('dialog.transferred');
      else engine.transferredOut();
      return { responsibleOperatorId: desk.responsibleOperatorId, lineId: transfer.to.lineId ?? null };
    },
    {
      validator: (transfer) => {
        mustBeOpen();
        mustHandle(transfer, 'transfer the dialog');
        if (transfer.to.operatorId !== undefined && transfer.to.operatorId === desk.responsibleOperatorId)
          throw new Error('that operator already has the dialog');
      },
    },
  );
  setHandler(
    spamUpdate,
    async (actor) => {
      desk.engine()!.closeBy('spam');
      await record('dialog.spam', actor, { status: 'spam' });
      await desk.released([desk.responsibleOperatorId]);
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
      await record('dialog.pinned', actor, { pinned: true });
      return { pinned: true };
    },
    {
      validator: (actor) => {
        mustBeOpen();
        if (desk.responsibleOperatorId !== actor.operatorId)
          throw new Error('only the responsible operator can pin');
      },
    },
  );
  setHandler(
    inviteUpdate,
    async (invitation) => {
      desk.participants = [...new Set([...desk.participants, invitation.inviteeId])];
      await record('dialog.invited', invitation, { participant: invitation.inviteeId });
      return { participants: desk.participants };
    },
    {
      validator: (invitation) => {
        mustBeOpen();
        mustHandle(invitation, 'invite a colleague');
        if (invitation.inviteeId === desk.responsibleOperatorId)
          throw new Error('that operator already has the dialog');
      },
    },
  );
  setHandler(
    createLeadUpdate,
    async () => {
      const { leadId, reason } = await desk.createLead();
      if (leadId === null)
        throw ApplicationFailure.create({ message: reason ?? 'no lead', nonRetryable: true });
      return { leadId };
    },
    {
      validator: (actor) => {
        if (!desk.engine()) throw new Error('the dialog is still opening; try again');
        mustHandle(actor, 'save the dialog to the CRM');
      },
    },
  );
  setHandler(
    rateUpdate,
    async (rating) => {
      await record('dialog.rated', rating, { supervisorRating: rating.value });
      return { rating: rating.value };
    },
    {
      validator: (rating) => {
        if (!isSupervising(rating)) throw new Error('only a supervisor can rate a dialog');
      },
    },
  );
}
