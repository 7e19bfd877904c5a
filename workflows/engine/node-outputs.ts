/**
 * A node type's output handles, declared as data so `GET /api/catalog` can carry them and the designer
 * draws the same handles the validator and the interpreter follow (`handlesOf` is bundled into the
 * browser; there is no second list of handles anywhere).
 */
export interface NodeOutputs {
  /** the handles every node of the type has (after the ones named by `casesFrom`) */
  handles: string[];
  /** a params array whose items' `name`s are handles too, in order (a switch's branches) */
  casesFrom?: string;
  /** a param that, when set, leaves the node with no output at all (a transfer to another line) */
  noneWhenParam?: string;
}

/** The handle of a node's only output; an edge from such a node may leave `sourceHandle` out. */
export const NEXT = 'next';

/** The output handles a node with these params has; [] for a node that ends its path. */
export function handlesOf(outputs: NodeOutputs, params: Record<string, unknown> | undefined): string[] {
  const values = params ?? {};
  if (outputs.noneWhenParam !== undefined && values[outputs.noneWhenParam] !== undefined) return [];
  const cases = outputs.casesFrom ? values[outputs.casesFrom] : undefined;
  const named = Array.isArray(cases)
    ? cases.map((c) => (c as { name?: unknown })?.name).filter((n): n is string => typeof n === 'string')
    : [];
  return [...named, ...outputs.handles];
}

/** The handle an edge leaves by: as written, or the node's only output when the edge leaves it out. */
export function edgeHandle(edge: { sourceHandle?: string }, outputs: readonly string[]): string | undefined {
  return edge.sourceHandle ?? (outputs.length === 1 ? outputs[0] : undefined);
}
