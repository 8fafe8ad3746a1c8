// Which context paths a COPY/ADD source takes in, as the classic builder resolves it: relative to
// the context root whatever the leading `/` or `./`; a directory brings everything under it; a
// source with wildcards is matched (filepath.Match) against every path in the context, and each
// matching directory brings everything under it.
import { cleanPath, goMatchRegExp, hasWildcards } from './goPath';

/** A context-relative, `/`-separated path without `./` or a leading `/` (`''` = the root). */
export function normalizeContextPath(path: string): string {
  const cleaned = cleanPath(`/${path.replace(/\\/g, '/')}`);
  return cleaned === '/' ? '' : cleaned.slice(1);
}

export interface SourceMatcher {
  /** Whether a change to this context path changes what the source copies. */
  covers(path: string): boolean;
}

/** copier.calcCopyInfo's view of one source. */
export function sourceMatcher(source: string): SourceMatcher {
  let origPath = source;
  if (origPath.length > 1 && origPath.startsWith('/')) origPath = origPath.slice(1);
  if (origPath.startsWith('./')) origPath = origPath.slice(2);
  if (hasWildcards(origPath)) {
    // Matched as written (not cleaned) against each context path; a matching directory is
    // copied whole, so a change anywhere below a matching prefix counts.
    const regexp = goMatchRegExp(origPath);
    return {
      covers(path) {
        if (!regexp) return false;
        const parts = normalizeContextPath(path).split('/');
        for (let i = 1; i <= parts.length; i++) if (regexp.test(parts.slice(0, i).join('/'))) return true;
        return false;
      },
    };
  }
  const root = normalizeContextPath(origPath);
  return {
    covers(path) {
      if (root === '') return true; // `.`: the whole context
      const p = normalizeContextPath(path);
      return p === root || p.startsWith(`${root}/`);
    },
  };
}
