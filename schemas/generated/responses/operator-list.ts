/* Generated from schemas/responses/operator-list.schema.json by `npm run schemas:types`. Do not edit. */

export interface OperatorList {
  items: OperatorView[];
}
/**
 * An employee as the API shows them (never a password hash).
 */
export interface OperatorView {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'supervisor' | 'operator';
  /**
   * The lines they work on (for a supervisor reading: only the ones they share)
   */
  lines: string[];
  maxOpenDialogs: number | null;
  vacations: {
    from: string;
    to: string;
  }[];
  fired: boolean;
  online: boolean;
  lastSeenAt: string | null;
  workdayState: 'started' | 'paused' | 'stopped';
  createdAt: string;
  /**
   * GET /api/me only: online, away (set by hand) or offline
   */
  presence?: 'online' | 'away' | 'offline';
}
