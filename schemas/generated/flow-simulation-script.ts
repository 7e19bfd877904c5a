/* Generated from schemas/flow-simulation-script.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A rating of a dialog: like | dislike, or a score 1-5 (a number, never a string of digits).
 */
export type Rating = ('like' | 'dislike') | number;

/**
 * What happens in a simulated dialog and when (docs/flows.md §8): timed events, the dialog's facts, the line's operators as the run should see them, what catalog activities answer, and how long to run.
 */
export interface FlowSimulationScript {
  /**
   * @maxItems 200
   */
  events: {
    /**
     * When, from the dialog's start (0 to 7 days): "0", "90s", "2m".
     */
    at: string;
    type: 'client.message' | 'operator.accept' | 'operator.message' | 'operator.close' | 'rating.received';
    /**
     * The operator who acts (operator.* events), an id of the line's queue; left out: whoever has the dialog, else whoever it is offered to.
     */
    operator?: string;
    text?: string;
    rating?: Rating;
    /**
     * operator.message: an internal note the client does not see
     */
    hidden?: boolean;
  }[];
  /**
   * The dialog's facts (docs/flows.md §4); withinWorkingHours on a line with working hours moves the start inside or outside them.
   */
  facts?: {
    withinWorkingHours?: boolean;
    channelKind?: 'webhook' | 'telegram' | 'livechat';
    clientKnown?: boolean;
    firstContact?: boolean;
  };
  /**
   * Overrides of the line's queue operators (by default: as stored, online, no other open dialogs).
   *
   * @maxItems 200
   */
  operators?: {
    id: string;
    /**
     * At work: online, and with a started workday when the line tracks time.
     */
    online?: boolean;
    /**
     * Other dialogs of theirs that count toward their load limit.
     */
    openDialogs?: number;
  }[];
  /**
   * What each catalog activity answers, by name (null for any not named); nothing runs for real.
   */
  activityResults?: {
    [k: string]: unknown;
  };
  /**
   * How long to run, from the dialog's start (1 second to 7 days).
   */
  runFor: string;
}
