import { gzipSync } from 'node:zlib';

/** What a browser downloads for some files: their bytes, and gzipped (level 9, as /widget.js is served). */
export interface BundleSize {
  bytes: number;
  gzipBytes: number;
}

/**
 * The size of files a browser loads, each compressed on its own as each is its own response. The one
 * measure of the web app's and the widget's sizes: `npm run size:widget` and the benchmark's report.
 */
export function bundleSize(files: Uint8Array | readonly Uint8Array[]): BundleSize {
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of [files].flat()) {
    bytes += file.length;
    gzipBytes += gzipSync(file, { level: 9 }).length;
  }
  return { bytes, gzipBytes };
}

export const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
