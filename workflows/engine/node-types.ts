import { NODE_TYPES } from './nodes';
import type { NodeTypeDefinition } from './nodes/define-node';
import { handlesOf } from './node-outputs';

/**
 * Looking up node types: the types themselves are declared one module each in nodes/ (their list is
 * nodes/index.ts). Pure data and pure functions, safe inside workflows and in the browser.
 */
export { NODE_TYPES };
export type { NodeCategory, NodeTypeDefinition } from './nodes/define-node';
export { NEXT, edgeHandle, handlesOf } from './node-outputs';

const BY_TYPE = new Map(NODE_TYPES.map((n) => [n.type, n]));

export const nodeType = (type: string): NodeTypeDefinition | undefined => BY_TYPE.get(type);

/** The output handles of a flow node, by its type; [] for an unknown type. */
export function handlesOfNode(node: { type: string; params?: Record<string, unknown> }): string[] {
  const type = nodeType(node.type);
  return type ? handlesOf(type.outputs, node.params) : [];
}
