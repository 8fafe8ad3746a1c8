// The shared corpus of real-world Dockerfiles (`shared/corpus` beside the project, in CI too),
// for robustness tests and benchmarks.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the corpus is: $LAYERWISE_CORPUS, else the first `shared/corpus` found beside the project
 * or beside one of its parent folders (a clone or worktree may sit one level deeper than the
 * project's usual place; a clone elsewhere names it with the variable).
 */
function findCorpus(): string {
  if (process.env.LAYERWISE_CORPUS) return resolve(process.env.LAYERWISE_CORPUS);
  const projectRoot = resolve(__dirname, '../../..'); // out/test/support -> the project root
  for (let dir = dirname(projectRoot); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'corpus');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(dirname(projectRoot), 'shared', 'corpus'); // not found: name the usual place
  }
}

export const CORPUS = findCorpus();

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
