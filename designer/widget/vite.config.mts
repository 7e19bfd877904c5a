import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The website chat widget: one classic script (IIFE) with its styles inside, loaded by customers'
 * pages. It shares nothing with the operator app's build.
 */
export default defineConfig({
  root: here,
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: 'src/main.ts',
      formats: ['iife'],
      name: 'LineflowWidgetBundle',
      fileName: () => 'widget.js',
    },
  },
});
