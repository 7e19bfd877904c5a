import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { WEB_DIST_DIR } from '../../runtime/web-build';

/**
 * Headers of the web app's pages: no inline script (everything the app runs comes from its own
 * files), and only this origin may frame it. The embeddable widget's routes (/widget.js, /demo/*)
 * are served elsewhere with their own headers: customers' sites frame and load those.
 */
const policy = (scriptSrc: string) =>
  [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');

export const APP_PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': policy("'self'"),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/**
 * The flow designer's pages (/lines/:id/flow) also allow 'unsafe-eval': the designer runs the server's
 * validator in the browser, and ajv compiles schemas (custom activities' ones arrive only at run
 * time) into functions. Only there: the inbox, where clients' text is shown all day, keeps the
 * strict policy, and the app's links into the designer load a new page (with this policy) instead
 * of switching pages in place.
 */
export const DESIGNER_PAGE_HEADERS: Record<string, string> = {
  ...APP_PAGE_HEADERS,
  'content-security-policy': policy("'self' 'unsafe-eval'"),
};
const DESIGNER_PAGE = /^\/lines\/[^/]+\/flow\/?$/;

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
    res
      .set(DESIGNER_PAGE.test(req.path) ? DESIGNER_PAGE_HEADERS : APP_PAGE_HEADERS)
      .set('cache-control', 'no-cache');
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
