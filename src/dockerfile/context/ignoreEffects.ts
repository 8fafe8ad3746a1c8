// What one line of a .dockerignore does to a build context: how many files its pattern matches,
// and of those how many stay out of what the CLI sends (or, for a `!` exception, how many it
// brings back). Uses the project's one matcher (cache/dockerignore.ts, the CLI's rules). Pure.
import { DockerignoreError, DockerignoreMatcher, parseDockerignore } from '../cache/dockerignore';

export type LineEffect =
  | { kind: 'none' } // a comment or a blank line
  | { kind: 'invalid'; message: string }
  | {
    kind: 'exclusion' | 'exception';
    pattern: string;
    /** Files the pattern matches (itself or through a parent folder). */
    matched: number;
    /** exclusion: of those, left out of the context; exception: of those, brought back by this line. */
    effective: number;
    /** exclusion: of those, sent anyway because a later `!` line brings them back. */
    broughtBack: number;
    /** The whole file is rejected (another line is invalid): the build fails before any of this. */
    fileError?: string;
  };

export interface ContextSummary { files: number; excluded: number; error?: string }

function matcher(patterns: string[]): DockerignoreMatcher | DockerignoreError {
  try {
    return new DockerignoreMatcher(patterns);
  } catch (error) {
    if (error instanceof DockerignoreError) return error;
    throw error;
  }
}

/** The patterns of each line (a comment or blank line has none). */
function patternsByLine(text: string): string[][] {
  return text.replace(/^\uFEFF/, '').split('\n').map((line) => parseDockerignore(line));
}

/** Always in the context whatever .dockerignore says: the builder needs them. */
function alwaysSent(path: string, always: ReadonlySet<string>): boolean {
  return always.has(path);
}

export function lineEffect(files: readonly string[], text: string, line: number, always: ReadonlySet<string> = new Set()): LineEffect {
  const lines = patternsByLine(text);
  const own = lines[line] ?? [];
  if (own.length === 0) return { kind: 'none' };
  const pattern = own[0];
  const exception = pattern.startsWith('!');
  const bare = exception ? pattern.slice(1) : pattern;
  const single = matcher([bare]);
  if (single instanceof DockerignoreError) return { kind: 'invalid', message: single.message };
  const all = lines.flat();
  const full = matcher(all);
  const before = matcher(lines.slice(0, line).flat());
  const matched = files.filter((f) => single.matches(f));
  const sent = (m: DockerignoreMatcher | DockerignoreError, f: string) => alwaysSent(f, always) || m instanceof DockerignoreError || m.includes(f);
  if (full instanceof DockerignoreError) {
    return { kind: exception ? 'exception' : 'exclusion', pattern, matched: matched.length, effective: 0, broughtBack: 0, fileError: full.message };
  }
  if (exception) {
    const broughtBack = matched.filter((f) => sent(full, f) && !sent(before, f)).length;
    return { kind: 'exception', pattern, matched: matched.length, effective: broughtBack, broughtBack: 0 };
  }
  const excluded = matched.filter((f) => !sent(full, f)).length;
  return { kind: 'exclusion', pattern, matched: matched.length, effective: excluded, broughtBack: matched.length - excluded };
}

export function contextSummary(files: readonly string[], text: string, always: ReadonlySet<string> = new Set()): ContextSummary {
  const full = matcher(patternsByLine(text).flat());
  if (full instanceof DockerignoreError) return { files: files.length, excluded: 0, error: full.message };
  return { files: files.length, excluded: files.filter((f) => !alwaysSent(f, always) && !full.includes(f)).length };
}
