import type { EndParams } from '../../../schemas/generated/nodes/end.params';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import { defineNode } from './define-node';

export const endNode = defineNode<EndParams>({
  type: 'end',
  title: 'End',
  description: 'Ends this path; the dialog and its other paths go on.',
  category: 'logic',
  params: NODE_PARAMS_SCHEMAS.end,
  outputs: { handles: [] },
  waits: false,
  run: async () => null,
});
