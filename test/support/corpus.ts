// The shared corpus of real-world Dockerfiles (../shared/corpus beside the project, in CI too),
// for robustness tests and benchmarks.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** out/test/support -> the project root -> ../shared/corpus */
export const CORPUS = resolve(__dirname, '../../..', '../shared/corpus');

/** The Dockerfiles under the corpus: every file but the Markdown notes, in a stable order. */
export function corpusFiles(dir: string = CORPUS): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...corpusFiles(path));
    else if (!name.endsWith('.md')) found.push(path);
  }
  return found;
}
