import type { ConditionParams } from '../../../schemas/generated/nodes/condition.params';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import { evaluate } from '../predicates';
import { defineNode } from './define-node';

export const conditionNode = defineNode<ConditionParams>({
  type: 'condition',
  title: 'Condition',
  description: 'Branches on dialog facts and variables.',
  category: 'logic',
  params: NODE_PARAMS_SCHEMAS.condition,
  outputs: { handles: ['true', 'false'] },
  waits: false,
  run: async ({ params, engine }) => String(evaluate(params.when, engine.facts())),
});
