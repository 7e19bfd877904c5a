import type { CloseParams } from '../../../schemas/generated/nodes/close.params';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import { NEXT } from '../node-outputs';
import { defineNode } from './define-node';

/** Closes the dialog (the workflow writes the status when the step is recorded); the path goes on. */
export const closeNode = defineNode<CloseParams>({
  type: 'close',
  title: 'Close dialog',
  description:
    'Closes the dialog as closed, force-closed or spam; send a last message with an action before it.',
  category: 'dialog',
  params: NODE_PARAMS_SCHEMAS.close,
  outputs: { handles: [NEXT] },
  waits: false,
  movesStatus: true,
  run: async ({ params, engine }) => {
    engine.closeWith(params.status ?? 'closed');
    return NEXT;
  },
});
