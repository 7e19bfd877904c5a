/* Generated from schemas/telegram-update.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The part of a Telegram Bot API Update (https://core.telegram.org/bots/api#update) that Lineflow reads. Telegram adds fields over time, so other properties are allowed; updates other than `message` are acknowledged and ignored.
 */
export interface TelegramUpdate {
  update_id: number;
  message?: TelegramMessage;
  [k: string]: unknown;
}
export interface TelegramMessage {
  message_id: number;
  /**
   * Unix time in seconds
   */
  date: number;
  chat: TelegramChat;
  from?: TelegramUser;
  text?: string;
  caption?: string;
  [k: string]: unknown;
}
export interface TelegramChat {
  /**
   * Where replies go (sendMessage chat_id)
   */
  id: number;
  type: string;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  [k: string]: unknown;
}
export interface TelegramUser {
  id: number;
  is_bot?: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  [k: string]: unknown;
}
