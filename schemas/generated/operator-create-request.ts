/* Generated from schemas/operator-create-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Create an employee: the fields of operator-request, of which email, name, role and password are required (and `fired`, if given, must be false).
 */
export interface OperatorCreateRequest {
  email: string;
  name: string;
  role: 'admin' | 'supervisor' | 'operator';
  /**
   * At least 8 characters; stored only as a salted scrypt hash.
   */
  password: string;
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
