import { NODE_PARAMS_SCHEMAS } from '../../schemas/nodes';
import { handlesOf, NEXT, type NodeOutputs } from './node-outputs';

/**
 * The node types a flow may use, declared once: the API's validator, `GET /api/catalog` (and through it
 * the designer's palette) and the interpreter all read this list. Pure data, safe inside workflows.
 */
export type NodeCategory = 'trigger' | 'logic' | 'action' | 'routing' | 'timing' | 'dialog';

export { NEXT, edgeHandle, handlesOf } from './node-outputs';

export interface NodeTypeDefinition {
  type: string;
  title: string;
  description: string;
  category: NodeCategory;
  /** JSON Schema of the node's `params` */
  params: { $id: string; title: string };
  /** The node's output handles (`handlesOf` reads them for a node's params) */
  outputs: NodeOutputs;
  /** Does passing through this node take time? A cycle must contain one (no busy loops). */
  waits: boolean;
}

const single: NodeOutputs = { handles: [NEXT] };

export const NODE_TYPES: readonly NodeTypeDefinition[] = [
  {
    type: 'trigger',
    title: 'Trigger',
    description: 'Starts a path when a dialog event happens; several paths can run at once.',
    category: 'trigger',
    params: NODE_PARAMS_SCHEMAS.trigger,
    outputs: single,
    waits: false,
  },
  {
    type: 'condition',
    title: 'Condition',
    description: 'Branches on dialog facts and variables.',
    category: 'logic',
    params: NODE_PARAMS_SCHEMAS.condition,
    outputs: { handles: ['true', 'false'] },
    waits: false,
  },
  {
    type: 'switch',
    title: 'Switch',
    description: 'Several named branches; the first that matches wins, otherwise default.',
    category: 'logic',
    params: NODE_PARAMS_SCHEMAS.switch,
    outputs: { casesFrom: 'cases', handles: ['default'] },
    waits: false,
  },
  {
    type: 'action',
    title: 'Action',
    description: 'Runs an activity from the catalog (built-in or custom) with Temporal retries.',
    category: 'action',
    params: NODE_PARAMS_SCHEMAS.action,
    outputs: single,
    waits: false,
  },
  {
    type: 'queue',
    title: 'Queue',
    description: 'Offers the dialog to operators step by step until one accepts or the queue is exhausted.',
    category: 'routing',
    params: NODE_PARAMS_SCHEMAS.queue,
    outputs: { handles: ['accepted', 'exhausted'] },
    waits: true,
  },
  {
    type: 'bot',
    title: 'Chatbot',
    description:
      'The FAQ bot answers the client first and hands over when they ask for a person or after a time limit.',
    category: 'routing',
    params: NODE_PARAMS_SCHEMAS.bot,
    outputs: { handles: ['handOver'] },
    waits: true,
  },
  {
    type: 'wait',
    title: 'Wait for event',
    description: 'Waits for a client message, an operator answer, a rating or an accept, up to a timeout.',
    category: 'timing',
    params: NODE_PARAMS_SCHEMAS.wait,
    outputs: { handles: ['received', 'timeout'] },
    waits: true,
  },
  {
    type: 'delay',
    title: 'Delay',
    description: 'Waits a fixed time.',
    category: 'timing',
    params: NODE_PARAMS_SCHEMAS.delay,
    outputs: single,
    waits: true,
  },
  {
    type: 'setVariable',
    title: 'Set variable',
    description: 'Stores a value in a dialog variable for later conditions.',
    category: 'logic',
    params: NODE_PARAMS_SCHEMAS.setVariable,
    outputs: single,
    waits: false,
  },
  {
    type: 'tag',
    title: 'Tag',
    description: 'Adds (or removes) a tag on the dialog.',
    category: 'dialog',
    params: NODE_PARAMS_SCHEMAS.tag,
    outputs: single,
    waits: false,
  },
  {
    type: 'transfer',
    title: 'Transfer',
    description:
      "Hands the dialog with its history to an operator of the line (the path goes on) or to another line (the dialog continues in that line's flow, so this path ends here).",
    category: 'routing',
    params: NODE_PARAMS_SCHEMAS.transfer,
    outputs: { handles: [NEXT], noneWhenParam: 'lineId' },
    waits: false,
  },
  {
    type: 'close',
    title: 'Close dialog',
    description: 'Closes the dialog, optionally with a last message to the client.',
    category: 'dialog',
    params: NODE_PARAMS_SCHEMAS.close,
    outputs: single,
    waits: false,
  },
  {
    type: 'end',
    title: 'End',
    description: 'Ends this path; the dialog and its other paths go on.',
    category: 'logic',
    params: NODE_PARAMS_SCHEMAS.end,
    outputs: { handles: [] },
    waits: false,
  },
];

export const nodeType = (type: string): NodeTypeDefinition | undefined =>
  NODE_TYPES.find((n) => n.type === type);

/** The output handles of a flow node, by its type; [] for an unknown type. */
export function handlesOfNode(node: { type: string; params?: Record<string, unknown> }): string[] {
  const type = nodeType(node.type);
  return type ? handlesOf(type.outputs, node.params) : [];
}
