import type { Client, WorkflowHandle } from '@temporalio/client';
import express, { type Express } from 'express';
import type { BaselineNotice } from './baseline.activities';
import type { BaselineShape } from './baseline-shape';
import { BASELINE_WORKFLOW_TYPE } from './baseline.workflow';
import {
  bareAcceptUpdate,
  bareAnswerUpdate,
  bareCloseUpdate,
  bareMessageSignal,
  type BareStep,
} from './bare-dialog';
import { FLOOR_WORKFLOW_TYPE } from './floor.workflow';

/** The task queue of the baseline's worker, which runs both bare workflows (baseline and floor). */
export const BASELINE_TASK_QUEUE = 'lineflow-bench-baseline';

/** The two bare systems; each one's paths start with its name, and so do its workflow ids. */
export type BareSystem = 'baseline' | 'floor';

export const bareWorkflowId = (system: BareSystem, dialogId: string) => `${system}-${dialogId}`;

/** How one bare system's HTTP routes start its workflow and what they tell the driver themselves. */
interface BareRoutes {
  system: BareSystem;
  workflowType: string;
  args(dialogId: string): unknown[];
  /** the start with the first message has returned */
  started?(dialogId: string): void;
  /** an update's result has come back */
  updated?(dialogId: string, result: BareStep): void;
  /** the rating's signal has been sent */
  rated?(dialogId: string, handle: WorkflowHandle): void;
}

/**
 * The same requests as Lineflow's client and operators make (inbound message and rating, accept,
 * answer, close), each turned straight into the same Temporal call Lineflow's API makes, with nothing
 * else: no signature, login, database or validation.
 */
function mountBareRoutes(app: Express, temporal: Client, routes: BareRoutes): void {
  const { system } = routes;
  app.post(`/${system}/inbound`, async (req, res, next) => {
    try {
      const { dialogId, messageId, rating } = req.body as {
        dialogId: string;
        messageId: string;
        rating?: string;
      };
      const workflowId = bareWorkflowId(system, dialogId);
      if (rating !== undefined) {
        const handle = temporal.workflow.getHandle(workflowId);
        await handle.signal(bareMessageSignal, { messageId, rating });
        routes.rated?.(dialogId, handle);
      } else {
        // the first message in the start's input, as Lineflow starts a new dialog (no signal event)
        const [input] = routes.args(dialogId) as [Record<string, unknown>];
        await temporal.workflow.start(routes.workflowType, {
          workflowId,
          taskQueue: BASELINE_TASK_QUEUE,
          args: [{ ...input, firstMessage: { messageId } }],
        });
        routes.started?.(dialogId);
      }
      res.status(202).json({ dialogId, messageId, duplicate: false });
    } catch (error) {
      next(error);
    }
  });
  const updates = { accept: bareAcceptUpdate, messages: bareAnswerUpdate, close: bareCloseUpdate };
  for (const [action, update] of Object.entries(updates)) {
    app.post(`/${system}/dialogs/:id/${action}`, async (req, res, next) => {
      try {
        const handle = temporal.workflow.getHandle(bareWorkflowId(system, req.params.id));
        const result = await handle.executeUpdate(update, {
          args: [{ operatorId: String(req.body?.operatorId) }],
        });
        routes.updated?.(req.params.id, result);
        res.status(action === 'messages' ? 201 : 200).json(result);
      } catch (error) {
        next(error);
      }
    });
  }
}

/**
 * The trivial HTTP front of the two bare systems, in the same process, with the same HTTP stack and
 * the same Temporal client as Lineflow's API.
 *
 * The baseline's offers and steps reach the driver from its `notify` activity over the process's IPC
 * channel (`notify` here is that channel): the cheapest push there is. The floor has no activity, so
 * this front tells the driver, over the same channel, what Temporal's answers already say: the offer
 * as soon as the start has returned (the least an operator can wait: the dialog is recorded;
 * whether it may be accepted is the accept update's validator's say), the rating request when the
 * close update's result carries `ratingAsked`, the end when the workflow's result comes back (a
 * long poll the client makes after its rating).
 */
export function createBaselineApp(temporal: Client, notify: (notice: BaselineNotice) => void): Express {
  let shape: BaselineShape | undefined;
  const app = express();
  app.use(express.json());
  app.post('/baseline/shape', (req, res) => {
    shape = req.body.shape;
    res.status(204).end();
  });
  mountBareRoutes(app, temporal, {
    system: 'baseline',
    workflowType: BASELINE_WORKFLOW_TYPE,
    args: (dialogId) => {
      if (!shape) throw new Error('POST /baseline/shape first');
      return [{ dialogId, shape }];
    },
  });
  mountBareRoutes(app, temporal, {
    system: 'floor',
    workflowType: FLOOR_WORKFLOW_TYPE,
    args: (dialogId) => [{ dialogId }],
    started: (dialogId) => notify({ dialogId, kind: 'offered' }),
    updated: (dialogId, result) => {
      if (result.ratingAsked) notify({ dialogId, kind: 'ratingRequested' });
    },
    rated: (dialogId, handle) =>
      void handle.result().then(
        () => notify({ dialogId, kind: 'closed' }),
        () => undefined, // never heard: the driver's wait times out and counts the dialog failed
      ),
  });
  return app;
}
