import {
  outcomeOfHttpFailure,
  outcomeOfNetworkError,
  SEND_TIMEOUT_MS,
  type OutboundSender,
} from './outbound-sender';

/** Bot API `sendMessage` takes 1-4096 characters of text. */
export const TELEGRAM_MAX_TEXT = 4096;

/**
 * A text as `sendMessage` parts of at most `max` UTF-16 units (what Telegram counts), cut at the last
 * line break or space in the second half of a part when there is one, and never inside a surrogate
 * pair. The same text always gives the same parts, so a retry can resume after the parts already sent.
 */
export function telegramParts(text: string, max = TELEGRAM_MAX_TEXT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = max;
    const soft = Math.max(rest.lastIndexOf('\n', max - 1), rest.lastIndexOf(' ', max - 1));
    if (soft >= max / 2) cut = soft + 1;
    else if (/[\uD800-\uDBFF]/.test(rest[cut - 1]!)) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length) parts.push(rest);
  return parts;
}

/** A numeric chat id goes as a number, as Telegram gives it; `@channelname` stays a string. */
const chatIdOf = (recipient: string): number | string =>
  /^-?\d+$/.test(recipient) && Number.isSafeInteger(Number(recipient)) ? Number(recipient) : recipient;

interface BotApiAnswer {
  ok?: boolean;
  result?: { message_id?: number };
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/**
 * Sends the line's message through the Bot API: `POST {base}/bot{token}/sendMessage {chat_id, text}`.
 * Attachments (URLs) follow the text on their own lines. The URL holds the bot token, so it never goes
 * into an error text (lastError is shown to admins, logs are read by more people).
 */
export function createTelegramSender(apiBaseUrl: string): OutboundSender {
  return async ({ message, channel, recipient, partsSent, partSent }) => {
    const token = channel.config?.botToken;
    if (!token) return { kind: 'failed', error: 'the telegram channel has no bot token' };
    const text = [message.text ?? '', ...message.attachments].filter(Boolean).join('\n');
    const parts = telegramParts(text);
    if (!parts.length) return { kind: 'failed', error: 'the message has no text to send' };
    const chatId = chatIdOf(recipient);
    let externalId: string | undefined;
    for (let part = partsSent; part < parts.length; part++) {
      let response: Response;
      let answer: BotApiAnswer;
      try {
        response = await fetch(`${apiBaseUrl}/bot${token}/sendMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chat_id: chatId, text: parts[part] }),
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
        answer = (await response.json().catch(() => ({}))) as BotApiAnswer;
      } catch (error) {
        return outcomeOfNetworkError(error);
      }
      if (!response.ok || answer.ok !== true) {
        const retryAfter = answer.parameters?.retry_after;
        return outcomeOfHttpFailure(
          response.ok ? 502 : response.status,
          `telegram ${answer.error_code ?? response.status}: ${answer.description ?? response.statusText}`,
          typeof retryAfter === 'number' ? retryAfter * 1000 : undefined,
        );
      }
      externalId = `${recipient}:${answer.result?.message_id ?? '?'}`;
      if (part + 1 < parts.length) await partSent(part + 1, externalId);
    }
    return { kind: 'sent', externalId };
  };
}
