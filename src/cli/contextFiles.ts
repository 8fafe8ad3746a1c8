// Reads what `layerwise explain --changed` needs from the build context: `.dockerignore`, where the
// Dockerfile sits in it, and the changed paths as context-relative files (a changed directory
// stands for every file under it).
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { normalizeContextPath } from '../dockerfile/cache';
import { UsageError } from './usageError';

export interface ContextChanges {
  changedPaths: string[];
  dockerignore?: string;
  dockerfilePath?: string;
}

/** `path` relative to `root` with `/` separators, or undefined when it is outside. */
function inside(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '') return '';
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function filesUnder(root: string, dir: string, out: string[]): void {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) filesUnder(root, rel, out);
    else out.push(rel);
  }
}

export function readContextChanges(context: string, dockerfile: string | undefined, changed: readonly string[]): ContextChanges {
  const root = resolve(context);
  const changedPaths: string[] = [];
  for (const given of changed) {
    const rel = isAbsolute(given) ? inside(root, given) : inside(root, resolve(root, given));
    if (rel === undefined) throw new UsageError(`--changed ${given}: not inside the build context ${context}`);
    const path = normalizeContextPath(rel);
    if (path === '') throw new UsageError(`--changed ${given}: name a file or directory inside the context, not the context itself`);
    let isDirectory = false;
    try { isDirectory = lstatSync(join(root, path)).isDirectory(); } catch { /* removed or not yet there: still a change */ }
    if (isDirectory) {
      const files: string[] = [];
      filesUnder(root, path, files);
      changedPaths.push(...(files.length > 0 ? files : [path]));
    } else changedPaths.push(path);
  }
  const ignoreFile = join(root, '.dockerignore');
  const dockerignore = existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : undefined;
  const dockerfilePath = dockerfile === undefined ? undefined : inside(root, resolve(dockerfile));
  return { changedPaths, dockerignore, dockerfilePath };
}
