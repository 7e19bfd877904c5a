/* Generated from schemas/responses/flow-simulation.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * What a dry run of a flow did (docs/flows.md §8); every `at` is ms from the dialog's start.
 */
export interface FlowSimulation {
  /**
   * The node steps in the order they ran (the designer's TrailStep); a path still waiting in a node at the end has a last step with `waiting`.
   */
  steps: {
    nodeId: string;
    /**
     * the output the path left by; null: it ended (or waits) here
     */
    outcome: string | null;
    at: number;
    pathId: number;
    /**
     * the trigger node that started the path
     */
    trigger: string;
    /**
     * why the node failed, ending its path
     */
    error?: string;
    waiting?: true;
  }[];
  /**
   * Offers, withdrawals, accepts and refusals; `waiting` (everyone who could take it is at their limit) and `exhausted` (nobody left to offer it to this round). Each queue step says whom it skipped and why.
   */
  routing: {
    at: number;
    event: 'offered' | 'withdrawn' | 'accepted' | 'refused' | 'waiting' | 'exhausted';
    operatorIds: string[];
    /**
     * why an accept was refused
     */
    reason?: string;
    skipped?: {
      operatorId: string;
      reason: 'fired' | 'vacation' | 'workdayNotStarted' | 'offline' | 'atLimit' | 'alreadyTried';
    }[];
  }[];
  kpiBreaches: {
    at: number;
    kpi: 'firstAnswer' | 'answer';
  }[];
  /**
   * Catalog activities the flow called (none ran: each answered as the script says, else null).
   */
  activityCalls: {
    name: string;
    input: {
      [k: string]: unknown;
    };
    at: number;
  }[];
  /**
   * The dialog's status at the end, as the inbox would show it.
   */
  status:
    | 'new'
    | 'offered'
    | 'in_progress'
    | 'waiting_client'
    | 'closed_awaiting_rating'
    | 'closed'
    | 'spam'
    | 'force_closed'
    | 'transferred';
  variables: {
    [k: string]: unknown;
  };
  tags: string[];
  /**
   * The line's queue operators the run used, in queue order, with their names.
   */
  operators: {
    id: string;
    name: string;
  }[];
}
