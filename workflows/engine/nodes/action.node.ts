import type { ActionParams } from '../../../schemas/generated/nodes/action.params';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import { NEXT } from '../node-outputs';
import { defineNode } from './define-node';

/** Runs a catalog activity; its input is checked against the activity's own input schema. */
export const actionNode = defineNode<ActionParams>({
  type: 'action',
  title: 'Action',
  description: 'Runs an activity from the catalog (built-in or custom) with Temporal retries.',
  category: 'action',
  params: NODE_PARAMS_SCHEMAS.action,
  outputs: { handles: [NEXT] },
  waits: false,
  check: (params, report, { inputSchemaOf, check }) => {
    const schema = inputSchemaOf(params.activity);
    if (!schema) return report('/params/activity', `unknown activity "${params.activity}"`);
    for (const d of check(schema, params.input ?? {}))
      report(`/params/input${d.pointer === '/' ? '' : d.pointer}`, d.message);
  },
  run: async ({ params, host, engine }) => {
    const result = await host.runActivity(params.activity, engine.fillTemplates(params.input ?? {}));
    if (params.resultVariable) engine.variables[params.resultVariable] = result;
    return NEXT;
  },
});
