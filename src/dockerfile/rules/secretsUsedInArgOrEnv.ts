// SecretsUsedInArgOrEnv (BuildKit): an ARG or ENV whose name says it holds a secret (password,
// token, key...). Both are kept in the image: ENV in its config, ARG values in its history, where
// anyone who can pull the image reads them. Use a secret mount (`RUN --mount=type=secret`).
import { keyValueWords } from './argumentWords';
import { defineRule, RuleFinding } from './rule';

/** A name part (between underscores, or the whole name) that means "secret", as BuildKit matches it. */
const SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
/** BuildKit's allow-list: whole name parts too (`PUBLIC_KEY`, `PASSWORD_FILE`, `AUTH_MODULE_VERSION`), not substrings. */
const ALLOWED = /(?:_|^)(?:public|file|version)(?:_|$)/i;

export function looksSecret(name: string): boolean {
  return SECRET.test(name) && !ALLOWED.test(name);
}

export const secretsUsedInArgOrEnv = defineRule({
  name: 'SecretsUsedInArgOrEnv',
  description: 'Sensitive data should not be used in the ARG or ENV commands',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  // As BuildKit: the ARGs and ENVs of the stages (a global ARG is checked where a stage redeclares it).
  const instructions = [...context.stageInstructions()].map((s) => s.instruction);
  for (const instruction of instructions) {
    if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') continue;
    const text = context.textOf(instruction);
    const { pairs } = keyValueWords(text, context.escape, instruction.keyword === 'ARG');
    for (const pair of pairs) {
      if (!looksSecret(pair.key)) continue;
      findings.push({
        range: text.rangeOf(pair.keyStart, pair.keyEnd),
        message: `Do not use ARG or ENV instructions for sensitive data (${instruction.keyword} "${pair.key}")`,
      });
    }
  }
  return findings;
});
