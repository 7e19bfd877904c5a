/* Generated from schemas/flow.schema.json by `npm run schemas:types`. Do not edit. */

export type NodeId = string;

/**
 * An automation flow of a line (docs/flows.md §1). Node params are checked against their node type's schema from the catalog, and the graph rules by schemas/validate-flow.ts.
 */
export interface Flow {
  schemaVersion: 1;
  name: string;
  description?: string;
  /**
   * @minItems 1
   * @maxItems 500
   */
  nodes: Node[];
  /**
   * @maxItems 2000
   */
  edges: Edge[];
}
export interface Node {
  id: NodeId;
  type: string;
  /**
   * Checked against the node type's params schema.
   */
  params: {
    [k: string]: unknown;
  };
  label?: string;
  /**
   * Where the designer draws the node; ignored by the engine.
   */
  position?: {
    x: number;
    y: number;
  };
}
export interface Edge {
  id?: string;
  source: NodeId;
  sourceHandle?: string;
  target: NodeId;
}
