/* Generated from schemas/responses/kpi-alert-list.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * KPI alerts addressed to the signed-in employee, newest first (100 at most).
 */
export interface KpiAlertList {
  items: KpiAlertView[];
}
export interface KpiAlertView {
  id: string;
  dialogId: string;
  lineId: string;
  kpi: string;
  thresholdMs: number | null;
  createdAt: string;
  readAt: string | null;
}
