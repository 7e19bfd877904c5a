/* Generated from schemas/responses/dialog-workflow.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Where a dialog's workflow lives in Temporal, and its page in Temporal's web UI when Lineflow knows one (LINEFLOW_TEMPORAL_UI_URL, or the embedded dev server's UI).
 */
export interface DialogWorkflow {
  workflowId: string;
  namespace: string;
  uiUrl: string | null;
}
