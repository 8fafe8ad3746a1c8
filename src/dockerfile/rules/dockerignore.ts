// .dockerignore matching as the builder does it: one pattern a line, `#` comments, `!` re-includes,
// the last matching pattern wins; `*` and `?` stay within a path segment, `**` spans segments; a
// pattern that matches a directory excludes everything under it.

interface Pattern { regex: RegExp; exclude: boolean }

export class DockerIgnore {
  private readonly patterns: Pattern[];

  constructor(text: string) {
    this.patterns = [];
    for (const raw of text.split(/\r?\n/)) {
      let line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const exclude = !line.startsWith('!');
      if (!exclude) line = line.slice(1).trim();
      line = cleanPath(line);
      if (line === '') continue;
      this.patterns.push({ regex: toRegex(line), exclude });
    }
  }

  /** Whether a context path (relative, `/`-separated) is left out of the build context. */
  excludes(path: string): boolean {
    const cleaned = cleanPath(path);
    const parents: string[] = [];
    const parts = cleaned.split('/');
    for (let i = 1; i <= parts.length; i++) parents.push(parts.slice(0, i).join('/'));
    let excluded = false;
    for (const pattern of this.patterns) {
      // A pattern matching the path itself or one of its parent directories.
      if (parents.some((p) => pattern.regex.test(p))) excluded = pattern.exclude;
    }
    return excluded;
  }
}

/** filepath.Clean for relative `/` paths, with a leading `/` or `./` dropped. */
export function cleanPath(path: string): string {
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') { out.pop(); continue; }
    out.push(part);
  }
  return out.join('/');
}

function toRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // `**/` matches zero or more directories; a trailing `**` matches everything.
        if (pattern[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) { re += '\\['; continue; }
      let cls = pattern.slice(i + 1, close);
      if (cls.startsWith('^') || cls.startsWith('!')) cls = `^${cls.slice(1)}`;
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (ch === '\\' && i + 1 < pattern.length) { re += escape(pattern[++i]); }
    else re += escape(ch);
  }
  return new RegExp(`^${re}$`);
}

function escape(ch: string): string {
  return /[.+^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
