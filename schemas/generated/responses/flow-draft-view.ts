/* Generated from schemas/responses/flow-draft-view.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A line's flow draft as saved, with its problems.
 */
export interface FlowDraftView {
  document: Flow;
  updatedAt: string;
  /**
   * What stops it from being published: graph rules, node params
   */
  problems: ValidationDetail[];
}
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
  id: string;
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
  source: string;
  sourceHandle?: string;
  target: string;
}
/**
 * One problem found in a request or a document.
 */
export interface ValidationDetail {
  /**
   * JSON pointer into the request body (or query, or document) at the problem; "/" for the whole
   */
  pointer: string;
  message: string;
  /**
   * The flow node the problem is in, when there is one
   */
  nodeId?: string;
}
