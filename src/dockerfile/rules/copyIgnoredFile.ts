// CopyIgnoredFile (BuildKit): a COPY/ADD source that .dockerignore leaves out of the build context,
// so the builder cannot find it ("not found"); checked as BuildKit checks it (the cleaned source
// path, or one of its parents, matches; `COPY . .` when a pattern excludes every root entry).
import { argumentWords } from './argumentWords';
import { copyArguments } from './copySources';
import { DockerignoreError, DockerignoreMatcher } from '../cache/dockerignore';
import { cleanPath } from '../cache/goPath';
import { defineRule, RuleFinding } from './rule';

export const copyIgnoredFile = defineRule({
  name: 'CopyIgnoredFile',
  description: 'Attempting to Copy file that is excluded by .dockerignore',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const text = context.options.context?.dockerignore;
  if (text === undefined) return [];
  let ignore: DockerignoreMatcher;
  try {
    ignore = DockerignoreMatcher.fromText(text);
  } catch (error) {
    if (error instanceof DockerignoreError) return []; // the build itself reports a broken .dockerignore
    throw error;
  }
  // As BuildKit: not checked when the file has `!` exceptions (a directory may be excluded and a
  // file in it re-included); `.` and `/` only when a pattern excludes every root entry.
  if (ignore.exclusions) return [];
  const rootIgnored = ignore.patternTexts.some((p) => p === '*' || p === '**' || p === '**/*');
  const findings: RuleFinding[] = [];
  for (const { instruction } of context.stageInstructions()) {
    const copy = copyArguments(context, instruction);
    if (!copy?.fromContext) continue;
    const instructionText = context.textOf(instruction);
    const words = argumentWords(instructionText, context.escape);
    const verb = instruction.keyword === 'COPY' ? 'Copy' : 'Add';
    for (const source of copy.sources) {
      const path = cleanPath(source).replace(/^\/+(?=.)/, '');
      const root = path === '.' || path === '/';
      if (root ? !rootIgnored : !safeMatches(ignore, path)) continue;
      const word = words.find((w) => w.text === source);
      findings.push({
        range: word ? instructionText.rangeOf(word.start, word.end) : instruction.range,
        message: `Attempting to ${verb} file ${JSON.stringify(cleanPath(source))} that is excluded by .dockerignore`,
        // The builder cannot find the file: skipping the check leaves a build that fails.
        ...(root ? {} : { skippable: false as const }),
      });
    }
  }
  return findings;
});

function safeMatches(ignore: DockerignoreMatcher, path: string): boolean {
  try { return ignore.matches(path); } catch { return false; }
}
