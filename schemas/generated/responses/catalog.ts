/* Generated from schemas/responses/catalog.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Node types and activities with their JSON Schemas: the designer's palette and inspector.
 */
export interface Catalog {
  nodeTypes: {
    type: string;
    title: string;
    description: string;
    category: string;
    /**
     * The node type's params JSON Schema
     */
    params: {};
    /**
     * The node's output handles: `handles`, after the names of the `casesFrom` params array's items; none at all when the `noneWhenParam` param is set
     */
    outputs: {
      handles: string[];
      casesFrom?: string;
      noneWhenParam?: string;
    };
    waits: boolean;
  }[];
  activities: {
    name: string;
    title: string;
    description: string;
    category: string;
    /**
     * JSON Schema of the activity's input
     */
    input: {};
    /**
     * JSON Schema of its output
     */
    output: {};
  }[];
}
