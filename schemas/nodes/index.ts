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
 * The params schema of each node type, by type. The node types themselves (title, outputs, what they
 * do) are declared in workflows/engine/node-types.ts, which takes its params schema from here; a unit
 * test checks that the two name the same types.
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
