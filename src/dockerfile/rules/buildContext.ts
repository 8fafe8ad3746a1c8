// Reads what the linter needs to know about a build context from disk, the same way for the CLI
// and the editor (so that both report the same findings): the files in it (relative,
// `/`-separated; `.git` and `node_modules` not entered; capped, since only names are needed) and
// the .dockerignore that applies — `<Dockerfile>.dockerignore` beside the Dockerfile when there is
// one (as BuildKit picks it), else the context's `.dockerignore`.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LintOptions } from './types';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
export const MAX_CONTEXT_FILES = 20_000;

export function listContextFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    let entries;
    try { entries = readdirSync(join(dir, relative), { withFileTypes: true }); } catch { return; }
    for (const entry of entries) {
      if (files.length >= MAX_CONTEXT_FILES) return;
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) { if (!SKIPPED_DIRS.has(entry.name)) walk(path); } else files.push(path);
    }
  };
  walk('');
  return files;
}

function readIfThere(path: string): string | undefined {
  try { return readFileSync(path, 'utf8'); } catch { return undefined; }
}

/** The lint context of `dir` for the Dockerfile at `dockerfile` (a path, or undefined for stdin). */
export function readBuildContext(dir: string, dockerfile?: string, files: string[] = listContextFiles(dir)): NonNullable<LintOptions['context']> {
  const own = dockerfile === undefined ? undefined : readIfThere(join(dirname(dockerfile), `${basename(dockerfile)}.dockerignore`));
  const dockerignore = own ?? readIfThere(join(dir, '.dockerignore'));
  return { dir, files, ...(dockerignore === undefined ? {} : { dockerignore }) };
}
