import { telegramSetWebhook, widgetSnippet } from './channel-snippets';

describe('what the channels page copies', () => {
  it("is the README's widget tag and setWebhook call, with this server, the channel and its secret", () => {
    expect(widgetSnippet('https://lf.example.com', 'shop-chat')).toBe(
      '<script src="https://lf.example.com/widget.js" data-channel="shop-chat" async></script>',
    );
    expect(telegramSetWebhook('https://lf.example.com', 'tg-1', 's3cr3t')).toBe(
      'curl -s "https://api.telegram.org/bot$BOT_TOKEN/setWebhook" \\\n' +
        '  -d "url=https://lf.example.com/api/channels/tg-1/telegram" -d "secret_token=s3cr3t"',
    );
  });
});
