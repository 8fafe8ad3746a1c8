// CopyIgnoredFile (BuildKit, experimental there): a COPY/ADD names a file that .dockerignore leaves
// out of the build context, so the builder cannot find it ("file not found") — or, for a
// directory, copies it without the ignored parts. Checked when the context's .dockerignore is known.
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
  const findings: RuleFinding[] = [];
  for (const { instruction } of context.stageInstructions()) {
    const copy = copyArguments(context, instruction);
    if (!copy?.fromContext) continue;
    const instructionText = context.textOf(instruction);
    const words = argumentWords(instructionText, context.escape);
    const verb = instruction.keyword === 'COPY' ? 'Copy' : 'Add';
    for (const source of copy.sources) {
      // Literal paths only: a wildcard may match files that are not ignored.
      const path = cleanPath(source).replace(/^\/+/, ''); // sources are relative to the context, even with a leading /
      if (/[*?[\]$]/.test(source) || path === '' || path === '.' || ignore.includes(path)) continue;
      const word = words.find((w) => w.text === source);
      findings.push({
        range: word ? instructionText.rangeOf(word.start, word.end) : instruction.range,
        message: `Attempting to ${verb} file "${source}" that is excluded by .dockerignore`,
        // The builder cannot find the file: skipping the check leaves a build that fails.
        skippable: false,
      });
    }
  }
  return findings;
});
