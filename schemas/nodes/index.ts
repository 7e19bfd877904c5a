import actionParams from './action.params.schema.json';
import botParams from './bot.params.schema.json';
import closeParams from './close.params.schema.json';
import conditionParams from './condition.params.schema.json';
import delayParams from './delay.params.schema.json';
import endParams from './end.params.schema.json';
import queueParams from './queue.params.schema.json';
import setVariableParams from './set-variable.params.schema.json';
import switchParams from './switch.params.schema.json';
import tagParams from './tag.params.schema.json';
import transferParams from './transfer.params.schema.json';
import triggerParams from './trigger.params.schema.json';
import waitParams from './wait.params.schema.json';

/**
 * The params schemas of the built-in node types, registered with the shared ajv and turned into types
 * (`npm run schemas:types`). The node types themselves (title, outputs, what they do) are modules in
 * workflows/engine/nodes/, each taking its schema from here (or, like the A/B split, declaring it in
 * the module); a unit test checks each schema here belongs to one node type.
 */
export const NODE_PARAMS_SCHEMAS = {
  trigger: triggerParams,
  condition: conditionParams,
  switch: switchParams,
  action: actionParams,
  queue: queueParams,
  bot: botParams,
  wait: waitParams,
  delay: delayParams,
  setVariable: setVariableParams,
  tag: tagParams,
  transfer: transferParams,
  close: closeParams,
  end: endParams,
} as const;
export type NodeTypeName = keyof typeof NODE_PARAMS_SCHEMAS;
