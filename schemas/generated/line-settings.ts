/* Generated from schemas/line-settings.schema.json by `npm run schemas:types`. Do not edit. */

export type ClockTime = string;
/**
 * @maxItems 10
 */
export type DayIntervals = {
  from: ClockTime;
  to: ClockTime;
}[];

/**
 * How a line routes and serves its dialogs (docs/product.md §3). The flow's nodes read these at run time.
 */
export interface LineSettings {
  /**
   * IANA time zone of the line's working hours and of 'vacation today'.
   */
  timeZone?: string;
  queue?: {
    /**
     * The queue in order (strict mode offers in this order). Empty or absent: every operator of the line, by name.
     *
     * @maxItems 500
     */
    operators?: string[];
    /**
     * On: an operator is available when their workday is started; off: when they are online.
     */
    timeTracking?: boolean;
  };
  loadLimit?: {
    enabled: boolean;
    /**
     * Simultaneous dialogs per operator.
     */
    max?: number;
    /**
     * Dialogs that do not count: answered at least once; waiting for the client; closed awaiting rating.
     */
    exclude?: ('answered' | 'waiting_client' | 'closed')[];
  };
  /**
   * Response-time KPIs (docs/product.md §3.9): a threshold for each clock, and whom its alert goes to.
   */
  kpi?: {
    firstAnswer?: KpiClock;
    answer?: KpiClock;
  };
  /**
   * The line's working hours (docs/product.md §3.5) in its time zone: the fact withinWorkingHours and delays that count working time read them. Absent: the line works around the clock.
   */
  workingHours?: {
    /**
     * Local intervals per weekday (from before to); a day without intervals is a day off.
     */
    week: {
      mon?: DayIntervals;
      tue?: DayIntervals;
      wed?: DayIntervals;
      thu?: DayIntervals;
      fri?: DayIntervals;
      sat?: DayIntervals;
      sun?: DayIntervals;
    };
    /**
     * Days off, as local dates.
     *
     * @maxItems 366
     */
    holidays?: string[];
  };
  /**
   * How clients rate a dialog (docs/product.md §3.6): like or dislike, or 1 to 5. Set, a rating of the other kind from the website chat is refused; absent, both are taken and the chat widget asks for 1 to 5.
   */
  rating?: {
    scale: 'like_dislike' | 'five_point';
  };
  /**
   * The built-in CRM (docs/product.md §3.4).
   */
  crm?: {
    /**
     * Recognise a client writing from another channel by phone or email and merge them into one profile.
     */
    chatTracker?: boolean;
    /**
     * For a client the CRM does not know: create a lead automatically, offer a button to create it, or neither.
     */
    createLead?: 'auto' | 'manual' | 'off';
  };
}
export interface KpiClock {
  /**
   * Exceeded when no operator answer comes within this time (10 seconds to 24 hours).
   */
  threshold: string;
  /**
   * Who gets the alert: employee ids, or "supervisors" for the line's supervisors.
   *
   * @maxItems 50
   */
  notify?: string[];
}
