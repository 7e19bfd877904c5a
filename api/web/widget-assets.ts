import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEMO_LIVECHAT_CHANNEL_ID } from '../../runtime/demo-seed';
import { WIDGET_FILE } from '../../runtime/web-build';
import type { ApiRoutes } from '../api-routes';
import { errorBody } from '../errors';

interface Bundle {
  mtimeMs: number;
  raw: Buffer;
  gzip: Buffer;
  etag: string;
}
let bundle: Bundle | undefined;

/** The built widget, read again only when the file changes (a rebuild while serving). */
function widgetBundle(): Bundle | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(WIDGET_FILE).mtimeMs;
  } catch {
    return undefined;
  }
  if (bundle?.mtimeMs !== mtimeMs) {
    const raw = fs.readFileSync(WIDGET_FILE);
    const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`;
    bundle = { mtimeMs, raw, gzip: gzipSync(raw, { level: 9 }), etag };
  }
  return bundle;
}

const DEMO_TEMPLATE = fs.readFileSync(path.join(__dirname, 'demo-livechat.html'), 'utf8');
const CHANNEL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The website chat's files: `GET /widget.js`, the one script a site embeds
 * (`<script src="https://lineflow.example/widget.js" data-channel="…" async>`), loadable from any
 * origin and cached for an hour (revalidated by ETag, so a new build reaches pages within the hour);
 * and `GET /demo/livechat`, a made-up company site embedding it for the demo line's livechat channel
 * (`?channel=` another channel, `?lang=ru` a Russian page).
 */
export function widgetAssets(routes: ApiRoutes): void {
  const tag = 'Livechat';
  routes.add(
    {
      method: 'get',
      path: '/widget.js',
      tag,
      summary:
        'The website chat widget: the one script a site embeds (data-channel="…"); any origin may load it',
      audience: 'public',
      rateLimited: false,
      success: {
        status: 200,
        description: 'the script (gzip when accepted)',
        contentType: 'text/javascript',
      },
      errors: [503],
    },
    (req, res) => {
      const built = widgetBundle();
      res.set({
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
        vary: 'Accept-Encoding',
      });
      if (!built) {
        res
          .status(503)
          .json(errorBody('widget_not_built', 'The widget is not built: run `npm run build:widget`'));
        return;
      }
      res.set({
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=3600',
        etag: built.etag,
      });
      if (req.get('if-none-match') === built.etag) {
        res.status(304).end();
        return;
      }
      const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
      if (gzip) res.set('content-encoding', 'gzip');
      res.send(gzip ? built.gzip : built.raw);
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/demo/livechat',
      tag,
      summary:
        'A made-up company site embedding the widget for the demo line (?channel= another livechat channel, ?lang=en|ru)',
      audience: 'public',
      rateLimited: false,
      success: { status: 200, description: 'an HTML page', contentType: 'text/html' },
    },
    (req, res) => {
      const asked = typeof req.query.channel === 'string' ? req.query.channel : '';
      const channel = CHANNEL_ID.test(asked) ? asked : DEMO_LIVECHAT_CHANNEL_ID;
      // the widget's own language: `auto` follows the page, then the line
      const lang = req.query.lang === 'ru' || req.query.lang === 'en' ? req.query.lang : 'auto';
      res
        .type('html')
        .set('cache-control', 'no-cache')
        .send(DEMO_TEMPLATE.replaceAll('{{channel}}', channel).replaceAll('{{lang}}', lang));
    },
  );
}
