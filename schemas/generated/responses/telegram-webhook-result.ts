/* Generated from schemas/responses/telegram-webhook-result.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * handled: the update carried a client's message, delivered like any inbound message; not handled: acknowledged and dropped (edits, service messages, media without a caption…). Never a `method` field: Telegram would run it.
 */
export type TelegramWebhookResult =
  | {
      handled: true;
      dialogId: string;
      messageId: string;
      /**
       * true: this message was received before and stored once
       */
      duplicate: boolean;
    }
  | {
      handled: false;
    };
