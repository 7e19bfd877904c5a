/* Generated from schemas/operator-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Change an employee (any of the fields; `lines` and `vacations` are replaced whole). Creating one uses operator-create-request, which requires email, name, role and password.
 */
export interface OperatorRequest {
  email?: string;
  name?: string;
  role?: 'admin' | 'supervisor' | 'operator';
  /**
   * At least 8 characters; stored only as a salted scrypt hash.
   */
  password?: string;
  /**
   * Ids of the lines the employee works on (each must exist).
   *
   * @maxItems 500
   */
  lines?: string[];
  /**
   * The employee's own limit of simultaneous dialogs; null: the line's limit only.
   */
  maxOpenDialogs?: number | null;
  /**
   * Inclusive date ranges (from ≤ to) in the line's time zone.
   *
   * @maxItems 100
   */
  vacations?: {
    from: string;
    to: string;
  }[];
  /**
   * true fires (as DELETE does); false takes a fired employee back.
   */
  fired?: boolean;
}
