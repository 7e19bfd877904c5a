import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { DialogEntity, type Dialog } from '../../db/entities';
import { dialogWorkflowId } from '../../workflows/definitions';
import type { ApiRoutes } from '../api-routes';
import { notFound } from '../errors';

/**
 * Admins' way from a dialog to its workflow in Temporal (docs/flows.md §9): the workflow id (one format,
 * workflows/definitions.ts) and its page in Temporal's web UI, when Lineflow knows where that UI is.
 */
export function dialogWorkflowRoutes(
  routes: ApiRoutes,
  { db, temporal, temporalUiUrl }: { db: DataSource; temporal: Client; temporalUiUrl?: string },
): void {
  routes.add(
    {
      method: 'get',
      path: '/api/dialogs/:id/workflow',
      tag: 'Dialogs',
      summary:
        "The dialog's workflow in Temporal: its id, namespace and web UI page (null when no UI is known)",
      audience: ['admin'],
      success: { status: 200, description: "the dialog's workflow", schema: 'dialogWorkflow' },
      errors: [404],
    },
    async (req, res) => {
      const id = String(req.params.id);
      const dialog = await db
        .getRepository<Dialog>(DialogEntity)
        .findOne({ where: { id }, select: { id: true } });
      if (!dialog) throw notFound(`No dialog ${id}`);
      const workflowId = dialogWorkflowId(dialog.id);
      const { namespace } = temporal.options;
      const uiUrl = temporalUiUrl
        ? `${temporalUiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`
        : null;
      res.json({ workflowId, namespace, uiUrl });
    },
  );
}
