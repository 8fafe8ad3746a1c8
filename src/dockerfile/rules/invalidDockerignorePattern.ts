// InvalidDockerignorePattern: the context's .dockerignore has a pattern the docker CLI refuses
// (`[-]`, `[a-b-c]`, `[]a]`, a trailing `\`, `!` alone...): `docker build` fails before sending the
// context. Reported on the Dockerfile's first instruction, naming the .dockerignore line; the
// editor also marks the line in the .dockerignore itself.
import { dockerignoreProblems } from '../cache/dockerignore';
import { defineRule, RuleFinding } from './rule';

export const invalidDockerignorePattern = defineRule({
  name: 'InvalidDockerignorePattern',
  description: 'A .dockerignore pattern the docker CLI refuses fails the build',
  defaultSeverity: 'error',
}, (context) => {
  const text = context.options.context?.dockerignore;
  if (text === undefined) return [];
  const first = context.parsed.getInstructions()[0]?.getRange() ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return dockerignoreProblems(text).map((p): RuleFinding => ({
    range: first,
    message: `.dockerignore line ${p.line + 1}: ${p.message}: docker build refuses the file and fails`,
  }));
});
