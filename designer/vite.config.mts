import fs from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * Marks a finished build: the server (runtime/web-build.ts) rebuilds when designer/ sources are
 * newer than this stamp, or when it is missing because a build stopped halfway.
 */
function buildStamp(): Plugin {
  return {
    name: 'lineflow-build-stamp',
    apply: 'build',
    closeBundle() {
      fs.writeFileSync(path.join(root, 'dist', '.build-stamp'), `${new Date().toISOString()}\n`);
    },
  };
}

/** The operator web app. `npm run dev` serves it with the API proxied to a running `npm start`. */
export default defineConfig({
  root,
  plugins: [react(), buildStamp()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    // no inline <script> in index.html: the pages' CSP has script-src 'self'
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // React, the router, the query cache and i18n make one ~530 kB entry (165 kB gzipped); the
    // statistics charts load on their own when /stats opens
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: {
      '/api': { target: process.env.LINEFLOW_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
