// Which build-context files a COPY/ADD takes in: the context's files that one of its sources
// covers (contextSources.ts, the builder's rules for paths, directories and wildcards), of those
// the CLI sends (.dockerignore applied). Pure: the caller lists the context.
import { isUrl, parseCopyInstruction } from '../cache/copyInstruction';
import { sourceMatcher } from '../cache/contextSources';
import type { InstructionModel } from '..';

export interface CopyIntake {
  /** Files the instruction copies from the context, in the listing's order. */
  files: string[];
  /** Files its sources name that .dockerignore keeps out of the context. */
  ignored: number;
  /** Sources that do not come from the context (URLs, heredocs), left out of the count. */
  otherSources: number;
}

/** `undefined` when the instruction does not copy from the build context (`COPY --from=...`, not COPY/ADD). */
export function copyIntake(instruction: InstructionModel, escape: string, files: readonly string[], sent: (path: string) => boolean): CopyIntake | undefined {
  const copy = parseCopyInstruction(instruction, escape);
  if (!copy || copy.from !== undefined) return undefined;
  const contextSources = copy.sources.filter((s) => !isUrl(s) && !s.startsWith('<<') && !/^git@|^[a-z]+:\/\//.test(s));
  if (contextSources.length === 0) return undefined;
  const matchers = contextSources.map((s) => sourceMatcher(s));
  const taken: string[] = [];
  let ignored = 0;
  for (const file of files) {
    if (!matchers.some((m) => m.covers(file))) continue;
    if (sent(file)) taken.push(file); else ignored++;
  }
  return { files: taken, ignored, otherSources: copy.sources.length - contextSources.length };
}
