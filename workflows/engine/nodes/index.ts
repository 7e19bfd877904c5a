import { actionNode } from './action.node';
import { botNode } from './bot.node';
import { closeNode } from './close.node';
import { conditionNode } from './condition.node';
import type { NodeTypeDefinition } from './define-node';
import { delayNode } from './delay.node';
import { endNode } from './end.node';
import { queueNode } from './queue.node';
import { setVariableNode } from './set-variable.node';
import { splitNode } from './split.node';
import { switchNode } from './switch.node';
import { tagNode } from './tag.node';
import { transferNode } from './transfer.node';
import { triggerNode } from './trigger.node';
import { waitNode } from './wait.node';

/**
 * Every node type a flow may use, in palette order: one module each in this folder. The catalog
 * (`GET /api/catalog`, the designer's palette), the validator and the interpreter read this list.
 */
export const NODE_TYPES: readonly NodeTypeDefinition[] = [
  triggerNode,
  conditionNode,
  switchNode,
  splitNode,
  actionNode,
  queueNode,
  botNode,
  waitNode,
  delayNode,
  setVariableNode,
  tagNode,
  transferNode,
  closeNode,
  endNode,
];
