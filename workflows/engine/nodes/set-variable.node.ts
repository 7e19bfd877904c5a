import type { SetVariableParams } from '../../../schemas/generated/nodes/set-variable.params';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import { NEXT } from '../node-outputs';
import { defineNode } from './define-node';

export const setVariableNode = defineNode<SetVariableParams>({
  type: 'setVariable',
  title: 'Set variable',
  description: 'Stores a value in a dialog variable for later conditions.',
  category: 'logic',
  params: NODE_PARAMS_SCHEMAS.setVariable,
  outputs: { handles: [NEXT] },
  waits: false,
  run: async ({ params, engine }) => {
    engine.variables[params.name] = params.value;
    return NEXT;
  },
});
