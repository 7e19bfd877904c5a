/* Generated from schemas/nodes/condition.params.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A test over dialog facts and variables, evaluated inside the workflow without I/O.
 */
export type Predicate =
  | {
      /**
       * @minItems 1
       */
      all: Predicate[];
    }
  | {
      /**
       * @minItems 1
       */
      any: Predicate[];
    }
  | {
      not: Predicate;
    }
  | {
      /**
       * What to test. `variable` reads the dialog variable named by `name`.
       */
      fact:
        | 'channelKind'
        | 'withinWorkingHours'
        | 'clientKnown'
        | 'firstContact'
        | 'messageText'
        | 'rating'
        | 'tags'
        | 'variable';
      name?: string;
      equals?: string | number | boolean | null;
      notEquals?: string | number | boolean | null;
      contains?: string;
      matches?: string;
      /**
       * @minItems 1
       */
      in?: (string | number | boolean)[];
      greaterThan?: number;
      lessThan?: number;
    };

export interface ConditionParams {
  when: Predicate;
}
