#!/usr/bin/env node
// The `insightql` command. It runs the bundled CLI (dist/cli.mjs, made by scripts/bundle-cli.mjs
// in `npm run build`) when that is at least as new as tsc's output, and tsc's output otherwise
// (no esbuild in the install, or a `tsc` run since the last bundle): a few files start faster than
// some 400 modules.
import { statSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const mtime = (rel) => {
  try {
    return statSync(new URL(rel, dist)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundled = mtime('cli.mjs');
await import(bundled >= 0 && bundled >= mtime('src/cli/main.js') ? '../dist/cli.mjs' : '../dist/src/cli/main.js');
