// `.dockerignore` exactly as the docker CLI applies it when it sends the build context (moby's
// patternmatcher and ignorefile packages): comments, `!` exceptions, `**`, leading and trailing `/`,
// and the walk that skips an excluded directory unless an exception names something inside it.
import { cleanPath } from './goPath';

export class DockerignoreError extends Error {}

/** ignorefile.ReadAll: one pattern per line, `#` comments, paths cleaned and made relative. */
export function parseDockerignore(text: string): string[] {
  const patterns: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1); // bufio.ScanLines drops a trailing CR
    // A comment only when `#` is the very first character (before trimming).
    if (line.startsWith('#')) continue;
    let pattern = line.trim();
    if (pattern === '') continue;
    const invert = pattern.startsWith('!');
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp';

interface Pattern {
  /** The cleaned pattern without its `!`. */
  text: string;
  exclusion: boolean;
  type: MatchType;
  /** For 'regexp'; undefined where Go's regexp package rejects the expression (matching fails). */
  regexp?: RegExp;
}

/** Go's regexp.QuoteMeta subset patternmatcher escapes: characters with no meaning in filepath.Match. */
const ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

/**
 * filepath.Match's syntax check (patternmatcher.New calls Match(p, ".") for its error): a `\` must
 * escape something; a class `[...]` (`[^...]` negated) must close, hold at least one character,
 * and have no unescaped `-` or `]` where a character or range end is expected.
 */
export function badPattern(pattern: string): boolean {
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\') { if (++i >= chars.length) return true; continue; }
    if (ch !== '[') continue;
    i++;
    if (chars[i] === '^') i++;
    let count = 0;
    for (;;) {
      if (i >= chars.length) return true;
      if (chars[i] === ']' && count > 0) break;
      // A character (or the low end of a range).
      const esc = (): boolean => {
        if (i >= chars.length || chars[i] === '-' || chars[i] === ']') return false;
        if (chars[i] === '\\') { i++; if (i >= chars.length) return false; }
        i++;
        return true;
      };
      if (!esc()) return true;
      if (chars[i] === '-') { i++; if (!esc()) return true; }
      count++;
    }
  }
  return false;
}

/** A `\x` escape of the pattern as Go's regexp reads it, for a JavaScript `u` expression. */
function goEscape(ch: string): string | undefined {
  switch (ch) {
    case 'd': case 'D': case 'w': case 'W': case 'b': case 'B': case 't': case 'n': case 'r': case 'f': case 'v': return `\\${ch}`;
    case 's': return '[\\t\\n\\f\\r ]';
    case 'S': return '[^\\t\\n\\f\\r ]';
    case 'a': return '\\x07';
    default:
      // Go rejects other letter and digit escapes; any other character stands for itself.
      return /[A-Za-z0-9]/.test(ch) ? undefined : `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  }
}

/** Pattern.compile: how the pattern matches, and its regular expression (anchored, `/`-separated). */
function compile(pattern: string): { type: MatchType; regexp?: RegExp } {
  let source = '^';
  let type: MatchType = 'exact';
  let valid = true;
  const chars = Array.from(pattern);
  for (let i = 0, index = 0; i < chars.length; i++, index++) {
    const ch = chars[i];
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++; // `**/` is `**`
        if (i + 1 >= chars.length) {
          // `**` at the end: everything below (a plain prefix when nothing before was a wildcard).
          if (type === 'exact') type = 'prefix'; else { source += '.*'; type = 'regexp'; }
        } else {
          source += '(.*/)?';
          type = 'regexp';
        }
        if (index === 0) type = 'suffix';
      } else {
        source += '[^/]*';
        type = 'regexp';
      }
    } else if (ch === '?') {
      source += '[^/]';
      type = 'regexp';
    } else if (ESCAPED.has(ch)) {
      source += `\\${ch}`;
    } else if (ch === '\\') {
      if (i + 1 < chars.length) {
        const escaped = goEscape(chars[++i]);
        if (escaped === undefined) valid = false; else source += escaped;
        type = 'regexp';
      } else source += '\\\\';
    } else if (ch === '[' || ch === ']') {
      source += ch;
      type = 'regexp';
    } else if (ch === '^') {
      source += '^'; // Go's regexp: the start of the text (so `a^b` matches nothing)
    } else {
      source += /[\w/-]/.test(ch) ? ch : `\\u{${ch.codePointAt(0)!.toString(16)}}`;
    }
  }
  if (type !== 'regexp') return { type };
  if (!valid) return { type };
  try {
    return { type, regexp: new RegExp(`${source}$`, 'u') };
  } catch {
    return { type };
  }
}

function patternMatches(pattern: Pattern, path: string): boolean {
  switch (pattern.type) {
    case 'exact': return path === pattern.text;
    case 'prefix': return path.startsWith(pattern.text.slice(0, -2));
    case 'suffix': {
      const suffix = pattern.text.slice(2);
      // `**/foo` also matches `foo` itself.
      return path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
    }
    case 'regexp':
      if (!pattern.regexp) throw new DockerignoreError(`syntax error in pattern ${JSON.stringify(pattern.text)}`);
      return pattern.regexp.test(path);
  }
}

export class DockerignoreMatcher {
  private readonly patterns: Pattern[] = [];
  private readonly hasExclusions: boolean;

  /** patternmatcher.New; throws DockerignoreError where the docker CLI rejects the file. */
  constructor(patterns: readonly string[]) {
    for (let p of patterns) {
      p = p.trim();
      if (p === '') continue;
      p = cleanPath(p);
      let exclusion = false;
      if (p.startsWith('!')) {
        if (p.length === 1) throw new DockerignoreError('illegal exclusion pattern: "!"');
        exclusion = true;
        p = p.slice(1);
      }
      // The docker CLI refuses the whole file (and so the build) for a malformed pattern.
      if (badPattern(p)) throw new DockerignoreError(`syntax error in pattern ${JSON.stringify(p)}`);
      this.patterns.push({ text: p, exclusion, ...compile(p) });
    }
    this.hasExclusions = this.patterns.some((p) => p.exclusion);
  }

  /** Whether some pattern is a `!` exception. */
  get exclusions(): boolean { return this.hasExclusions; }

  /** The patterns as cleaned, `!` included. */
  get patternTexts(): string[] { return this.patterns.map((p) => (p.exclusion ? `!${p.text}` : p.text)); }

  static fromText(text: string): DockerignoreMatcher {
    return new DockerignoreMatcher(parseDockerignore(text));
  }

  /**
   * MatchesOrParentMatches: whether `path` (relative to the context, `/`-separated) is excluded by
   * the patterns, a pattern matching the path itself or one of its parent directories; later
   * patterns win, so `!` exceptions re-include.
   */
  matches(path: string): boolean {
    const file = cleanPath(path);
    const slash = file.lastIndexOf('/');
    const parents = slash < 0 ? [] : file.slice(0, slash).split('/');
    let matched = false;
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue;
      let match = patternMatches(pattern, file);
      for (let i = 0; !match && i < parents.length; i++) {
        try { match = patternMatches(pattern, parents.slice(0, i + 1).join('/')); } catch { match = false; }
      }
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }

  /** Whether a `!` exception could re-include something under `dir` (else the walk skips it). */
  hasExceptionsUnder(dir: string): boolean {
    const dirSlash = `${cleanPath(dir)}/`;
    return this.patterns.some((p) => p.exclusion && `${p.text}/`.startsWith(dirSlash));
  }

  /**
   * Whether the CLI sends `path` in the build context. Like `matches`, and also: the CLI's walk
   * does not enter an excluded directory unless some `!` exception's text starts with that
   * directory, so `dir` + `!**\/keep` still leaves out `dir/keep`.
   */
  includes(path: string): boolean {
    const file = cleanPath(path);
    if (this.matches(file)) return false;
    if (!this.hasExclusions) return true; // `matches` already looked at the parents
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!this.matches(dir)) continue;
      const dirSlash = `${dir}/`;
      if (!this.patterns.some((p) => p.exclusion && `${p.text}/`.startsWith(dirSlash))) return false;
    }
    return true;
  }
}

/**
 * The lines of a .dockerignore the docker CLI refuses (so `docker build` fails): 0-based line and
 * the error, for a diagnostic in the file itself.
 */
export function dockerignoreProblems(text: string): Array<{ line: number; message: string }> {
  const problems: Array<{ line: number; message: string }> = [];
  text.replace(/^\uFEFF/, '').split('\n').forEach((raw, line) => {
    const parsed = parseDockerignore(raw);
    if (parsed.length === 0) return;
    try {
      new DockerignoreMatcher(parsed);
    } catch (error) {
      if (error instanceof DockerignoreError) problems.push({ line, message: error.message });
      else throw error;
    }
  });
  return problems;
}
