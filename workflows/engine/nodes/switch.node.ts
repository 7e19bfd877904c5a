import type { SwitchParams } from '../../../schemas/generated/nodes/switch.params';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import { evaluate } from '../predicates';
import { defineNode } from './define-node';

export const switchNode = defineNode<SwitchParams>({
  type: 'switch',
  title: 'Switch',
  description: 'Several named branches; the first that matches wins, otherwise default.',
  category: 'logic',
  params: NODE_PARAMS_SCHEMAS.switch,
  outputs: { casesFrom: 'cases', handles: ['default'] },
  waits: false,
  run: async ({ params, engine }) => {
    const facts = engine.facts();
    return params.cases.find((c) => evaluate(c.when, facts))?.name ?? 'default';
  },
});
