import { NODE_PARAMS_SCHEMAS } from '../../schemas/nodes';

/**
 * The node types a flow may use, declared once: the API's validator, `GET /api/catalog` (and through it
 * the designer's palette) and the interpreter all read this list. Pure data, safe inside workflows.
 */
export type NodeCategory = 'trigger' | 'logic' | 'action' | 'routing' | 'timing' | 'dialog';

/** The handle of a node's only output; an edge from such a node may leave `sourceHandle` out. */
export const NEXT = 'next';

export interface NodeTypeDefinition {
  type: string;
  title: string;
  description: string;
  category: NodeCategory;
  /** JSON Schema of the node's `params` */
  params: { $id: string; title: string };
  /** The output handles a node with these (valid) params has; [] for a node that ends its path. */
  outputs(params: Record<string, unknown>): string[];
  /** Does passing through this node take time? A cycle must contain one (no busy loops). */
  waits: boolean;
}

const single = () => [NEXT];

/** The handle an edge leaves by: as written, or the node's only output when the edge leaves it out. */
export function edgeHandle(edge: { sourceHandle?: string }, outputs: readonly string[]): string | undefined {
  return edge.sourceHandle ?? (outputs.length === 1 ? outputs[0] : undefined);
}

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
    outputs: () => ['true', 'false'],
    waits: false,
  },
  {
    type: 'switch',
    title: 'Switch',
    description: 'Several named branches; the first that matches wins, otherwise default.',
    category: 'logic',
    params: NODE_PARAMS_SCHEMAS.switch,
    outputs: (params) => [...((params.cases as Array<{ name: string }>) ?? []).map((c) => c.name), 'default'],
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
    outputs: () => ['accepted', 'exhausted'],
    waits: true,
  },
  {
    type: 'bot',
    title: 'Chatbot',
    description:
      'The FAQ bot answers the client first and hands over when they ask for a person or after a time limit.',
    category: 'routing',
    params: NODE_PARAMS_SCHEMAS.bot,
    outputs: () => ['handOver'],
    waits: true,
  },
  {
    type: 'wait',
    title: 'Wait for event',
    description: 'Waits for a client message, an operator answer, a rating or an accept, up to a timeout.',
    category: 'timing',
    params: NODE_PARAMS_SCHEMAS.wait,
    outputs: () => ['received', 'timeout'],
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
    outputs: (params) => (params.lineId === undefined ? [NEXT] : []),
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
    outputs: () => [],
    waits: false,
  },
];

export const nodeType = (type: string): NodeTypeDefinition | undefined =>
  NODE_TYPES.find((n) => n.type === type);
