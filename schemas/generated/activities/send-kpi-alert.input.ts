/* Generated from schemas/activities/send-kpi-alert.input.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The input of the Send KPI alert activity (sendKpiAlert) as a flow's action node gives it.
 */
export interface SendKpiAlertInput {
  kpi: 'firstAnswer' | 'answer';
  /**
   * @maxItems 50
   */
  notify?: string[];
}
