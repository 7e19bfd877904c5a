/* Generated from schemas/responses/openapi-document.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * This document (OpenAPI 3.1); its own structure is the OpenAPI specification's.
 */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: {};
  jsonSchemaDialect: string;
  paths: {};
  components: {};
}
