import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { WEB_DIST_DIR } from '../../runtime/web-build';

/**
 * Headers of the web app's pages: no inline script (everything the app runs comes from its own
 * files), and only this origin may frame it. The embeddable widget's routes (/widget.js, /demo/*)
 * are served elsewhere with their own headers: customers' sites frame and load those.
 */
export const APP_PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'",
    // 'unsafe-eval': the flow designer runs the server's validator (ajv compiles schemas to functions)
    // and its forms' validator in the browser; inline scripts stay forbidden
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** Paths the single-page app never answers for: the API, its documents and the operations routes. */
const NOT_APP = /^\/(api|metrics|healthz|readyz|widget\.js|demo)(\/|$)/;

export interface WebAppOptions {
  /** the built app (default designer/dist) */
  distDir?: string;
}

/**
 * Serves the built web app: its hashed assets (cached for a year, they never change under one
 * name), and index.html for every other GET that asks for a page (/, /login, /dialogs/:id, /stats …)
 * so the browser's router can show it. Never for /api/*: unknown API paths stay JSON 404s. When the
 * app has not been built, pages say how to build it.
 */
export function webAppRoutes({ distDir = WEB_DIST_DIR }: WebAppOptions = {}): Router {
  const router = Router();
  const indexFile = path.join(distDir, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => res.set('x-content-type-options', 'nosniff'),
    }),
    // an asset of an older build: a plain 404, not the page (a script must never receive HTML)
    (_req: Request, res: Response) => {
      res.status(404).set('x-content-type-options', 'nosniff').type('text/plain').send('Not found');
    },
  );
  router.use(
    express.static(distDir, {
      index: false,
      setHeaders: (res) => res.set('x-content-type-options', 'nosniff'),
    }),
  );
  const page: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_APP.test(req.path)) return next();
    if (!req.accepts('html') || req.accepts(['json', 'html']) === 'json') return next();
    res.set(APP_PAGE_HEADERS).set('cache-control', 'no-cache');
    if (!fs.existsSync(indexFile)) {
      res
        .status(503)
        .type('text/plain')
        .send('The web app has not been built: run `npm run build:web` (npm start builds it by itself).');
      return;
    }
    res.sendFile(indexFile);
  };
  router.use(page); // middleware, not a route: the API's route list (and its OpenAPI document) stays the API's
  return router;
}
