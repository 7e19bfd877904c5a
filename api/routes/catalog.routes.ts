import { Router } from 'express';
import type { Catalog } from '../../activities/registry';

/** `GET /api/catalog`: node types and activities with their JSON Schemas (the designer's palette). */
export function catalogRoutes({ catalog }: { catalog: Catalog }): Router {
  const router = Router();
  const body = catalog.describe(); // the catalog is fixed for the life of the process
  router.get('/catalog', (_req, res) => {
    res.json(body);
  });
  return router;
}
