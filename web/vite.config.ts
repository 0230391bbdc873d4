import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * The browser side: the web app (/), the embeddable widget (/embed) and the offline GraphQL IDE
 * (/graphql), built into dist/web and served by the server itself (no CDN at run time). vega and
 * GraphiQL are separate chunks that only the pages needing them load.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  build: {
    outDir: resolve(root, '../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // vega and GraphiQL are large by nature and loaded lazily or on their own page.
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      // React libraries' "use client" markers mean nothing outside a server-components bundler.
      onwarn(w, warn) {
        if (w.code !== 'MODULE_LEVEL_DIRECTIVE') warn(w);
      },
      input: {
        app: resolve(root, 'index.html'),
        embed: resolve(root, 'embed.html'),
        ide: resolve(root, 'ide.html'),
      },
    },
  },
});
