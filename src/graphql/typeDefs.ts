import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Apart from the executable schema so that reading the SDL (the CLI types its arguments from it)
// does not load every resolver and service.

/** Finds schema.graphql at the package root, from sources (src/graphql) or from dist/src/graphql. */
export function schemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'schema.graphql');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new Error('schema.graphql not found above ' + dirname(fileURLToPath(import.meta.url)));
}

/** The SDL text, the single source of truth for the API. */
export function loadTypeDefs(): string {
  return readFileSync(schemaPath(), 'utf8');
}
