/* Generated from schemas/responses/flow-version-view.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * One published version of a line's flow, with its document.
 */
export interface FlowVersionView {
  version: number;
  name: string;
  document: Flow;
  publishedAt: string;
  publishedBy: string | null;
  /**
   * The publisher's name; null for the system or an employee no longer on record
   */
  publishedByName: string | null;
  /**
   * What the publisher said changed
   */
  note: string | null;
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
