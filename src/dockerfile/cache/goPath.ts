// Go's path handling, which the builder's decisions rest on: `path.Clean` and `filepath.Match`
// (POSIX separators; the engine here is Linux). Pure string functions.

/** Go's path.Clean: collapse `//`, drop `.`, resolve `..`, no trailing `/`; `""` becomes `.`. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** The classic builder's containsWildcards: an unescaped `*`, `?` or `[`. */
export function hasWildcards(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch === '\\') i++;
    else if (ch === '*' || ch === '?' || ch === '[') return true;
  }
  return false;
}

const REGEXP_SPECIAL = /[.+()|{}$^]/;

/**
 * filepath.Match as a regular expression: `*` is any run of non-`/` characters, `?` one non-`/`
 * character, `[...]` a class (`[^...]` negated), `\` escapes. `undefined` for a malformed pattern
 * (Go's ErrBadPattern), which matches nothing.
 */
export function goMatchRegExp(pattern: string): RegExp | undefined {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '\\') {
      if (i + 1 >= pattern.length) return undefined;
      source += escapeChar(pattern[++i]);
    } else if (ch === '[') {
      const close = classEnd(pattern, i);
      if (close < 0) return undefined;
      let body = pattern.slice(i + 1, close);
      let negated = false;
      if (body.startsWith('^')) { negated = true; body = body.slice(1); }
      if (body === '') return undefined;
      source += `[${negated ? '^' : ''}${classBody(body)}]`;
      i = close;
    } else source += escapeChar(ch);
  }
  try {
    return new RegExp(`${source}$`, 'u');
  } catch {
    return undefined;
  }
}

/** Index of the `]` closing the class opened at `open` (a `]` first in the class is literal). */
function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') { i++; continue; }
    if (pattern[i] === ']') return i;
  }
  return -1;
}

/** A class body for a JavaScript `u` regular expression: Go's `\x` escapes kept, specials escaped. */
function classBody(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    let ch = body[i];
    if (ch === '\\' && i + 1 < body.length) ch = body[++i];
    else if (ch === '-') { out += '-'; continue; }
    out += /[\\\]\[^\-/{}()|]/.test(ch) ? `\\${ch}` : ch;
  }
  return out;
}

function escapeChar(ch: string): string {
  return REGEXP_SPECIAL.test(ch) || ch === '[' || ch === ']' || ch === '*' || ch === '?' || ch === '\\' || ch === '/' ? `\\${ch}` : ch;
}

export function goMatch(pattern: string, name: string): boolean {
  return goMatchRegExp(pattern)?.test(name) ?? false;
}
