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
