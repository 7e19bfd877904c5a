import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import type { BaselineShape } from './baseline-shape';
import {
  BASELINE_WORKFLOW_TYPE,
  baselineAcceptUpdate,
  baselineAnswerUpdate,
  baselineCloseUpdate,
  baselineMessageSignal,
} from './baseline.workflow';

export const BASELINE_TASK_QUEUE = 'lineflow-bench-baseline';

/**
 * The trivial HTTP front of the baseline: the same requests as Lineflow's client and operators make
 * (inbound message and rating, accept, answer, close), each turned straight into the same Temporal call
 * Lineflow's API makes, with nothing else: no signature, login, database or validation. Same process,
 * same HTTP stack, same Temporal client as Lineflow's API. Offers reach the driver from the `notify`
 * activity over the process's IPC channel: the cheapest push there is.
 */
export function createBaselineApp(temporal: Client): Express {
  let shape: BaselineShape | undefined;
  const app = express();
  app.use(express.json());
  app.post('/baseline/shape', (req, res) => {
    shape = req.body.shape;
    res.status(204).end();
  });
  app.post('/baseline/inbound', async (req, res, next) => {
    try {
      const { dialogId, messageId, rating } = req.body as {
        dialogId: string;
        messageId: string;
        rating?: string;
      };
      if (!shape) throw new Error('POST /baseline/shape first');
      const workflowId = `baseline-${dialogId}`;
      if (rating !== undefined) {
        await temporal.workflow.getHandle(workflowId).signal(baselineMessageSignal, { messageId, rating });
      } else {
        await temporal.workflow.signalWithStart(BASELINE_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: BASELINE_TASK_QUEUE,
          args: [{ dialogId, shape }],
          signal: baselineMessageSignal,
          signalArgs: [{ messageId }],
        });
      }
      res.status(202).json({ dialogId, messageId, duplicate: false });
    } catch (error) {
      next(error);
    }
  });
  const updates = {
    accept: baselineAcceptUpdate,
    messages: baselineAnswerUpdate,
    close: baselineCloseUpdate,
  };
  for (const [action, update] of Object.entries(updates)) {
    app.post(`/baseline/dialogs/:id/${action}`, async (req, res, next) => {
      try {
        const handle = temporal.workflow.getHandle(`baseline-${req.params.id}`);
        const result = await handle.executeUpdate(update, {
          args: [{ operatorId: String(req.body?.operatorId) }],
        });
        res.status(action === 'messages' ? 201 : 200).json(result);
      } catch (error) {
        next(error);
      }
    });
  }
  return app;
}
