import type { ApiRoutes } from '../api-routes';
import { DOCS_PAGE } from '../openapi/docs-page';
import { openApiDocument } from '../openapi/openapi-document';

/** `GET /api/openapi.json` and its browsable page `GET /api/docs`, built from the route list itself. */
export function openApiRoutes(routes: ApiRoutes, { version }: { version: string }): void {
  let document: ReturnType<typeof openApiDocument> | undefined; // the list is complete once serving
  routes.add(
    {
      method: 'get',
      path: '/api/openapi.json',
      rateLimited: false,
      tag: 'Operations',
      summary: 'This document (OpenAPI 3.1)',
      audience: 'public',
      success: { status: 200, description: 'the OpenAPI document', schema: 'openapiDocument' },
    },
    (_req, res) => {
      document ??= openApiDocument(routes.specs, version);
      res.json(document);
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/api/docs',
      rateLimited: false,
      tag: 'Operations',
      summary: 'A browsable page of this document',
      audience: 'public',
      success: { status: 200, description: 'an HTML page', contentType: 'text/html' },
    },
    (_req, res) => {
      res.type('html').send(DOCS_PAGE);
    },
  );
}
