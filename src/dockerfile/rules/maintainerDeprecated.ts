// MaintainerDeprecated (BuildKit): MAINTAINER is deprecated; the image's author belongs in the
// `org.opencontainers.image.authors` label. The fix writes that LABEL with MAINTAINER's text as
// it is (MAINTAINER expands nothing, so `"`, `$` and the escape character are escaped in the
// LABEL's double-quoted value).
import { InstructionText } from './instructionText';
import { defineRule, RuleFinding } from './rule';

export const maintainerDeprecated = defineRule({
  name: 'MaintainerDeprecated',
  description: 'The MAINTAINER instruction is deprecated, use a label instead to define an image author',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const instruction of context.parsed.getInstructions()) {
    if (instruction.getKeyword() !== 'MAINTAINER') continue;
    const range = instruction.getRange();
    const text = new InstructionText(context.lines, range, context.escape);
    const author = text.argumentsText.trim();
    const escape = context.escape;
    const quoted = author.replace(/["$]|\\|`/g, (ch) => (ch === '"' || ch === '$' || ch === escape ? `${escape}${ch}` : ch));
    const fix = range.start.line === range.end.line && author !== ''
      ? { title: 'Use LABEL org.opencontainers.image.authors', edits: [{ range: text.rangeOf(text.text.search(/\S/), text.text.trimEnd().length), newText: `LABEL org.opencontainers.image.authors="${quoted}"` }] }
      : undefined;
    findings.push({ range, message: 'Maintainer instruction is deprecated in favor of using label', tags: ['deprecated'], ...(fix ? { fix } : {}) });
  }
  return findings;
});
