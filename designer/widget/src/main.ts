import { ApiError, LivechatApi, type WidgetConfig } from './api';
import { reconnectDelay } from './backoff';
import { pickLanguage } from './i18n';
import { ChannelStorage } from './storage';
import { ChatWidget } from './widget';

/**
 * The entry of widget.js. A site embeds it with one tag,
 *   <script src="https://lineflow.example/widget.js" data-channel="CHANNEL_ID" async></script>
 * optionally with data-lang="en|ru" and data-color="#1f5fd6". The API is wherever the script came
 * from. The page gets one global, `LineflowWidget` ({ open, close, toggle }), and nothing else.
 */
declare global {
  interface Window {
    LineflowWidget?: { open(): void; close(): void; toggle(): void };
  }
}

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.channel) return current;
  return document.querySelector<HTMLScriptElement>('script[data-channel][src*="widget.js"]');
}

async function loadConfig(api: LivechatApi): Promise<WidgetConfig | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api.config();
    } catch (error) {
      // refused on this site, or no such channel: say so to the site's developer and stay out of the way
      if (error instanceof ApiError && error.status < 500 && error.status !== 429) {
        console.warn(`Lineflow chat: ${error.message}`);
        return null;
      }
      if (attempt >= 5) return null;
      await new Promise((resolve) => window.setTimeout(resolve, reconnectDelay(attempt)));
    }
  }
}

async function start(): Promise<void> {
  if (window.LineflowWidget) return; // the tag twice on one page
  const script = ownScript();
  const channelId = script?.dataset.channel;
  if (!script || !channelId) {
    console.warn('Lineflow chat: the script tag needs data-channel="…"');
    return;
  }
  const origin = new URL(script.src, document.baseURI).origin;
  const storage = new ChannelStorage(channelId);
  const api = new LivechatApi(origin, channelId, () => storage.read().token ?? null);
  const queued: Array<'open' | 'close' | 'toggle'> = [];
  window.LineflowWidget = {
    open: () => queued.push('open'),
    close: () => queued.push('close'),
    toggle: () => queued.push('toggle'),
  };
  const config = await loadConfig(api);
  if (!config) return;
  const lang = pickLanguage([
    script.dataset.lang,
    document.documentElement.lang,
    config.language,
    navigator.language,
  ]);
  const color =
    script.dataset.color && /^#[0-9a-f]{3,8}$/i.test(script.dataset.color) ? script.dataset.color : null;
  const widget = new ChatWidget(api, storage, config, lang, color);
  await widget.mount();
  window.LineflowWidget = {
    open: () => widget.open(),
    close: () => widget.close(),
    toggle: () => widget.toggle(),
  };
  for (const call of queued) widget[call]();
}

void start();
