// Which paths of a stage's filesystem may hold other bytes after a rebuild: what a COPY --from (or a
// BuildKit bind mount) of that stage is keyed on, since both builders key it on the copied files'
// content (names, modes, owners, bytes; not times). Judged per step that runs again: a RUN may
// write anything; a COPY/ADD or WORKDIR whose own key changed changes its destination; one that
// runs again only because an earlier step did writes the same bytes; metadata writes nothing.
import { cleanPath, hasWildcards } from './goPath';

/** Absolute paths whose content may differ, or 'all'. */
export type ChangedPaths = 'all' | string[];

export function absolutePath(path: string, cwd: string): string {
  return cleanPath(path.startsWith('/') ? path : `${cwd}/${path}`);
}

/** The directory part before the first wildcard, as an absolute path. */
export function literalPrefix(path: string): string {
  if (!hasWildcards(path)) return cleanPath(`/${path}`);
  const parts = path.split('/');
  const at = parts.findIndex((p) => hasWildcards(p));
  return cleanPath(`/${parts.slice(0, at).join('/')}`);
}

export function overlaps(changed: ChangedPaths, path: string): boolean {
  if (changed === 'all') return true;
  return changed.some((c) => c === '/' || path === '/' || c === path || c.startsWith(`${path}/`) || path.startsWith(`${c}/`));
}

export function withChange(changed: ChangedPaths, path: string | 'all'): ChangedPaths {
  if (changed === 'all' || path === 'all' || path === '/') return 'all';
  return [...changed, path];
}

/**
 * Where a WORKDIR whose path changed writes: the old and the new directory both sit under the part
 * of its text before the first variable (`/tmp/w$V` -> `/tmp`); 'all' when that fixes nothing.
 */
export function workdirChange(text: string): string | 'all' {
  const fixed = text.split('$')[0];
  if (!fixed.startsWith('/')) return 'all';
  const parent = cleanPath(fixed.replace(/\/[^/]*$/, '') || '/');
  return parent === '/' ? 'all' : parent;
}
