import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSize, kilobytes } from '../../runtime/bundle-size';

/**
 * `npm run size:widget`: how much a customer's page downloads for the chat. widget.js is all of it
 * (styles and icons are inside; no fonts, images or other requests). The budget is 30 KB gzipped.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const { bytes, gzipBytes } = bundleSize(fs.readFileSync(path.join(here, 'dist', 'widget.js')));
console.log(`widget.js: ${kilobytes(bytes)} minified, ${kilobytes(gzipBytes)} gzip (budget 30 KB gzip)`);
