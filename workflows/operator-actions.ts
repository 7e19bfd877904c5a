import { ActivityFailure, ApplicationFailure, setHandler } from '@temporalio/workflow';
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
import type { DialogRun } from './dialog-run';
import {
  acceptRefusal,
  colleagueRefusal,
  handleRefusal,
  isSupervising,
  REFUSALS,
  takeRefusal,
} from './engine/routing-rules';

/** The reason an activity refused with (its ApplicationFailure's message), for the API's 409. */
function refusalOf(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** A refusal of a validator (sync, before anything is recorded) or of a handler: the API's 409. */
function refuseIf(refusal: string | null): void {
  if (refusal !== null) throw refused(refusal);
}
const refused = (message: string) =>
  ApplicationFailure.create({ message, type: 'ActionRefused', nonRetryable: true });

/**
 * The inbox buttons, as updates of the dialog workflow. Validators run before anything is recorded and
 * reject with the reason the API shows as 409; every "may they?" is a question to the routing rules.
 * Accept, take over and transfer decide who has the dialog: they are served one at a time, and each
 * asks the rules again when its turn comes, so a refused one can never block an eligible one.
 */
export function registerOperatorActions(run: DialogRun): void {
  // Also asked again inside handlers (served later than admitted), where only an ApplicationFailure
  // fails the update rather than the workflow task: so it refuses like the rules do.
  const mustBeOpen = () => {
    const engine = run.engine;
    if (!engine) throw refused(REFUSALS.stillOpening);
    if (engine.closed) throw refused(REFUSALS.closed);
  };
  const mustHandle = (actor: Actor, what: string) => refuseIf(handleRefusal(run.holders, actor, what));
  // A close or spam admitted while the dialog moves to another line would end it here while its new
  // line's run starts it again (found by the operator-action fuzz): refused until the move is done.
  // Validators only, which a replay does not run: histories recorded before keep replaying.
  const mustStayOnLine = () => {
    if (run.movingLine) throw refused(REFUSALS.movingLine);
  };

  setHandler(
    acceptUpdate,
    (actor) =>
      run.oneAtATime(async () => {
        mustBeOpen();
        refuseIf(acceptRefusal(run.holders, actor)); // an accept served before this one may have won
        if (run.holders.responsibleOperatorId !== actor.operatorId) {
          let refusal: string | null;
          try {
            refusal = await run.assign(actor, false);
          } catch (error) {
            refusal = refusalOf(error); // runs recorded when the activity failed with its refusal
          }
          refuseIf(refusal);
          run.engine!.emit('dialog.accepted');
        }
        return { responsibleOperatorId: actor.operatorId };
      }),
    {
      validator: (actor) => {
        mustBeOpen();
        // While an offer is being made nobody knows its holders yet: the handler decides then.
        if (!run.offering) refuseIf(acceptRefusal(run.holders, actor));
      },
    },
  );
  setHandler(
    takeUpdate,
    (actor) => {
      const seen = run.holders.responsibleOperatorId; // whom the supervisor takes it from
      return run.oneAtATime(async () => {
        mustBeOpen();
        refuseIf(takeRefusal(run.holders, actor, seen));
        if (run.holders.responsibleOperatorId === actor.operatorId)
          return { responsibleOperatorId: actor.operatorId };
        if (run.has('take-over-through-assign')) {
          const unassigned = run.holders.responsibleOperatorId === null;
          await run.assign(actor, true);
          if (unassigned) run.engine!.emit('dialog.accepted'); // the queue stops offering it
        } else {
          // runs recorded before take-over went through assignOperator
          run.holders.responsibleOperatorId = actor.operatorId;
          await run.record('dialog.taken', actor, { responsibleOperatorId: actor.operatorId });
        }
        return { responsibleOperatorId: actor.operatorId };
      });
    },
    {
      validator: (actor) => {
        mustBeOpen();
        refuseIf(takeRefusal(run.holders, actor));
      },
    },
  );
  setHandler(
    answerUpdate,
    async (answer) => {
      run.engine!.emit('operator.message', { hidden: answer.hidden });
      // A hidden note is not an answer: the client still waits (the status machine knows it).
      const message = { id: answer.messageId, text: answer.text, hidden: answer.hidden };
      if (run.compact) {
        const freed = answer.hidden ? [] : [run.holders.responsibleOperatorId];
        await run.recordThen('operator.message', answer, { message }, { freed });
        return { messageId: answer.messageId };
      }
      await run.record('operator.message', answer, { message });
      if (!answer.hidden) await run.released([run.holders.responsibleOperatorId]);
      return { messageId: answer.messageId };
    },
    {
      validator: (answer) => {
        mustBeOpen();
        if (run.holders.responsibleOperatorId !== answer.operatorId && !isSupervising(answer)) {
          throw new Error(REFUSALS.acceptBeforeAnswering);
        }
      },
    },
  );
  setHandler(
    closeUpdate,
    async (actor) => {
      // When the flow reacts to the close (asks for a rating), the dialog keeps its operator's place
      // until that reaction ends; otherwise a new offer could take the place the rating request
      // then claims back, and the operator would be over their limit (issue 14, chaos runs).
      const engine = run.engine!;
      // The close is recorded before the reaction starts: a rating request written first would be
      // overwritten by the close, and the dialog would read closed while the flow waits for the rating.
      const recordFirst = run.has('close-recorded-before-reaction');
      const reacting = engine.closeBy('closed', { reactLater: recordFirst });
      const holds = reacting ? { holdsPlace: true } : {};
      if (run.compact) {
        const after = () => engine.reactToClose();
        await run.recordThen('dialog.closed', actor, holds, {
          after,
          freed: [run.holders.responsibleOperatorId],
        });
        return { status: 'closed' };
      }
      try {
        await run.record('dialog.closed', actor, holds);
      } finally {
        engine.reactToClose();
      }
      await run.released([run.holders.responsibleOperatorId]);
      return { status: 'closed' };
    },
    {
      validator: (actor) => {
        mustBeOpen();
        mustStayOnLine();
        mustHandle(actor, 'close the dialog');
      },
    },
  );
  setHandler(
    transferUpdate,
    (transfer) =>
      run.oneAtATime(async () => {
        checkTransfer(transfer); // a take-over or another transfer served first may have changed who
        refuseIf(await run.transfer(transfer.to, transfer));
        const engine = run.engine!;
        if (transfer.to.lineId === undefined) engine.emit('dialog.transferred');
        else engine.transferredOut();
        return {
          responsibleOperatorId: run.holders.responsibleOperatorId,
          lineId: transfer.to.lineId ?? null,
        };
      }),
    { validator: (transfer) => checkTransfer(transfer) },
  );
  setHandler(
    spamUpdate,
    async (actor) => {
      run.engine!.closeBy('spam');
      if (run.compact) {
        await run.recordThen('dialog.spam', actor, {}, { freed: [run.holders.responsibleOperatorId] });
        return { status: 'spam' };
      }
      await run.record('dialog.spam', actor);
      await run.released([run.holders.responsibleOperatorId]);
      return { status: 'spam' };
    },
    {
      validator: (actor) => {
        mustBeOpen();
        mustStayOnLine();
        mustHandle(actor, 'mark the dialog as spam');
      },
    },
  );
  setHandler(
    pinUpdate,
    async (actor) => {
      await run.record('dialog.pinned', actor, { pinned: true });
      return { pinned: true };
    },
    {
      validator: (actor) => {
        mustBeOpen();
        if (run.holders.responsibleOperatorId !== actor.operatorId)
          throw new Error(REFUSALS.onlyResponsiblePins);
      },
    },
  );
  setHandler(
    inviteUpdate,
    async (invitation) => {
      run.join(invitation.inviteeId);
      await run.record('dialog.invited', invitation, { participant: invitation.inviteeId });
      return { participants: run.holders.participants };
    },
    {
      validator: (invitation) => {
        mustBeOpen();
        mustHandle(invitation, 'invite a colleague');
        refuseIf(colleagueRefusal(run.holders, invitation.inviteeId));
      },
    },
  );
  setHandler(
    createLeadUpdate,
    async () => {
      const { leadId, reason } = await run.createLead();
      if (leadId === null)
        throw ApplicationFailure.create({ message: reason ?? 'no lead', nonRetryable: true });
      return { leadId };
    },
    {
      validator: (actor) => {
        if (!run.engine) throw new Error(REFUSALS.stillOpening);
        mustHandle(actor, 'save the dialog to the CRM');
      },
    },
  );
  setHandler(
    rateUpdate,
    async (rating) => {
      await run.record('dialog.rated', rating, { supervisorRating: rating.value });
      return { rating: rating.value };
    },
    {
      validator: (rating) => {
        if (!isSupervising(rating)) throw new Error(REFUSALS.onlySupervisorsRate);
      },
    },
  );

  function checkTransfer(transfer: Actor & { to: { operatorId?: string } }): void {
    mustBeOpen();
    mustHandle(transfer, 'transfer the dialog');
    if (transfer.to.operatorId !== undefined) refuseIf(colleagueRefusal(run.holders, transfer.to.operatorId));
  }
}
