import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * embed.js: the one-file script a host page includes with a <script> tag. It must keep a stable
 * name and load nothing else, so it is built on its own as an IIFE next to the app's files.
 */
export default defineConfig({
  root,
  publicDir: false,
  build: {
    outDir: resolve(root, '../dist/web'),
    emptyOutDir: false,
    target: 'es2020',
    lib: { entry: resolve(root, 'loader/embed.ts'), formats: ['iife'], name: 'InsightQLEmbed', fileName: () => 'embed.js' },
  },
});
