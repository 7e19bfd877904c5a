import type { Catalog } from '../../activities/registry';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';

/** `GET /api/catalog`: node types and activities with their JSON Schemas (the designer's palette). */
export function catalogRoutes(routes: ApiRoutes, { catalog }: { catalog: Catalog }): void {
  const body = catalog.describe(); // the catalog is fixed for the life of the process
  routes.add(
    {
      method: 'get',
      path: '/api/catalog',
      tag: 'Flows',
      summary: 'Node types and activities with their JSON Schemas (the designer palette)',
      audience: EVERY_ROLE,
      success: { status: 200, description: 'the node types and activities', schema: 'catalog' },
    },
    (_req, res) => {
      res.json(body);
    },
  );
}
