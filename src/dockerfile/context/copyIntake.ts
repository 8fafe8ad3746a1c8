// Which build-context files a COPY/ADD takes in: the context's files that one of its sources
// covers (contextSources.ts, the builder's rules for paths, directories and wildcards), of those
// the CLI sends (.dockerignore applied). Pure: the caller lists the context.
import { isUrl, parseCopyInstruction } from '../cache/copyInstruction';
import { normalizeContextPath, sourceMatcher } from '../cache/contextSources';
import { hasWildcards } from '../cache/goPath';
import type { InstructionModel } from '..';

export interface CopyIntake {
  /** Files the instruction copies from the context, in the listing's order. */
  files: string[];
  /** Files its sources name that .dockerignore keeps out of the context. */
  ignored: number;
  /** Sources that do not come from the context (URLs, heredocs), left out of the count. */
  otherSources: number;
}

export interface ContextSources {
  /** The sources after expansion that name context paths. */
  sources: string[];
  otherSources: number;
}

/** `undefined` when the instruction does not copy from the build context (`COPY --from=...`, not COPY/ADD). */
export function contextSourcesOf(instruction: InstructionModel, escape: string): ContextSources | undefined {
  const copy = parseCopyInstruction(instruction, escape);
  if (!copy || copy.from !== undefined) return undefined;
  const sources = copy.sources.filter((s) => !isUrl(s) && !s.startsWith('<<') && !/^git@|^[a-z]+:\/\//.test(s));
  return sources.length ? { sources, otherSources: copy.sources.length - sources.length } : undefined;
}

/**
 * `covers` for paths already as the listing gives them (clean, relative, `/`-separated). A literal
 * source is a prefix test (what sourceMatcher does after cleaning the path, minus the cleaning:
 * the cost on a 100,000-file context); a wildcard goes through sourceMatcher.
 */
function coversListed(source: string): (path: string) => boolean {
  if (hasWildcards(source)) { const m = sourceMatcher(source); return (p) => m.covers(p); }
  const root = normalizeContextPath(source);
  const prefix = `${root}/`;
  return root === '' ? () => true : (p) => p === root || p.startsWith(prefix);
}

export function intakeOf(sources: ContextSources, files: readonly string[], sent: (path: string) => boolean): CopyIntake {
  const matchers = sources.sources.map((s) => ({ covers: coversListed(s) }));
  const taken: string[] = [];
  let ignored = 0;
  for (const file of files) {
    if (!matchers.some((m) => m.covers(file))) continue;
    if (sent(file)) taken.push(file); else ignored++;
  }
  return { files: taken, ignored, otherSources: sources.otherSources };
}

export function copyIntake(instruction: InstructionModel, escape: string, files: readonly string[], sent: (path: string) => boolean): CopyIntake | undefined {
  const sources = contextSourcesOf(instruction, escape);
  return sources && intakeOf(sources, files, sent);
}
