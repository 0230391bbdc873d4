import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the built browser files are: `dist/web` under the package root, found from sources
 * (src/web) and from the compiled server (dist/src/web) alike. Null when `npm run build` has not
 * built them yet.
 */
export function webRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json'))) {
      const web = join(dir, 'dist', 'web');
      return existsSync(join(web, 'index.html')) ? web : null;
    }
    dir = dirname(dir);
  }
  return null;
}
