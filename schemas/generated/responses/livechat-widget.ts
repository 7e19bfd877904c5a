/* Generated from schemas/responses/livechat-widget.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * What the chat widget shows before a session: the line, its language and rating scale, the pre-chat form, and whether the line works and someone can answer now.
 */
export interface LivechatWidget {
  channelId: string;
  name: string;
  language: string;
  ratingScale: 'like_dislike' | 'five_point';
  preChatForm: {
    enabled: boolean;
    requireEmail: boolean;
  };
  withinWorkingHours: boolean;
  /**
   * an operator of the line's queue is available now
   */
  online: boolean;
}
