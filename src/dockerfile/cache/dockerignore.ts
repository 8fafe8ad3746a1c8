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

interface Pattern {
  /** The cleaned pattern without its `!`. */
  text: string;
  exclusion: boolean;
  regexp: RegExp;
}

const ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$', '^']);

/** Pattern.compile: the pattern as an anchored regular expression over `/`-separated paths. */
function compile(pattern: string): RegExp {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++; // `**/` is `**`
        source += i + 1 >= pattern.length ? '.*' : '(.*/)?';
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else if (ESCAPED.has(ch)) source += `\\${ch}`;
    else if (ch === '\\') {
      if (i + 1 < pattern.length) source += `\\${pattern[++i]}`;
      else source += '\\\\';
    } else source += ch;
  }
  try {
    return new RegExp(`${source}$`);
  } catch {
    throw new DockerignoreError(`syntax error in .dockerignore pattern ${JSON.stringify(pattern)}`);
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
      this.patterns.push({ text: p, exclusion, regexp: compile(p) });
    }
    this.hasExclusions = this.patterns.some((p) => p.exclusion);
  }

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
      let match = pattern.regexp.test(file);
      for (let i = 0; !match && i < parents.length; i++) match = pattern.regexp.test(parents.slice(0, i + 1).join('/'));
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
