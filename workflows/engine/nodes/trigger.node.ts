import type { TriggerParams } from '../../../schemas/generated/nodes/trigger.params';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import { NEXT } from '../node-outputs';
import { defineNode } from './define-node';

/**
 * A trigger starts a path when its event happens (the interpreter starts them: `dialog.started`,
 * each event the engine emits, and `client.inactive` after a quiet spell); the node itself only
 * passes the path on.
 */
export const triggerNode = defineNode<TriggerParams>({
  type: 'trigger',
  title: 'Trigger',
  description: 'Starts a path when a dialog event happens; several paths can run at once.',
  category: 'trigger',
  params: NODE_PARAMS_SCHEMAS.trigger,
  outputs: { handles: [NEXT] },
  waits: false,
  startsPaths: true,
  run: async () => NEXT,
});
