import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * `npm run size:widget`: how much a customer's page downloads for the chat. widget.js is all of it
 * (styles and icons are inside; no fonts, images or other requests). The budget is 30 KB gzipped.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.join(here, 'dist', 'widget.js');
const raw = fs.readFileSync(file);
const gzip = gzipSync(raw, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`widget.js: ${kb(raw.length)} minified, ${kb(gzip)} gzip (budget 30 KB gzip)`);
