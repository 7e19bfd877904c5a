/* Generated from schemas/responses/flow-draft-view.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A line's flow draft as saved, with its problems and warnings. A line without a draft shows its newest published version (revision 0).
 */
export interface FlowDraftView {
  document: Flow;
  /**
   * When the draft was last saved (without a draft: when the version was published)
   */
  updatedAt: string;
  /**
   * Who saved it last (without a draft: who published the version); null: the system
   */
  updatedBy: string | null;
  /**
   * Counts the draft's saves (also its ETag); 0: there is no draft yet, this is the newest version
   */
  revision: number;
  /**
   * The published version the draft started from (or was last published as, or restored from); null: not known
   */
  basedOnVersion: number | null;
  /**
   * What stops it from being published: graph rules, node params
   */
  problems: ValidationDetail[];
  /**
   * What is likely a mistake but does not stop publishing
   */
  warnings: ValidationDetail[];
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
