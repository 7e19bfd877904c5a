/**
 * What an admin pastes elsewhere to connect a channel, exactly as the README says it ("Embedding the
 * widget", "Channels"): the website chat's tag, and Telegram's setWebhook call with the channel secret.
 */
export function widgetSnippet(origin: string, channelId: string): string {
  return `<script src="${origin}/widget.js" data-channel="${channelId}" async></script>`;
}

export function telegramSetWebhook(origin: string, channelId: string, secret: string): string {
  return [
    `curl -s "https://api.telegram.org/bot$BOT_TOKEN/setWebhook" \\`,
    `  -d "url=${origin}/api/channels/${channelId}/telegram" -d "secret_token=${secret}"`,
  ].join('\n');
}

export const MASK = '••••••••••••';
