// ExposeProtoCasing (BuildKit): `EXPOSE 80/TCP` — protocols are lower-case (`tcp`, `udp`, `sctp`).
import { argumentWords } from './argumentWords';
import { defineRule, RuleFinding } from './rule';

export const exposeProtoCasing = defineRule({
  name: 'ExposeProtoCasing',
  description: 'Protocol in EXPOSE instruction should be lowercase',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const { instruction } of context.stageInstructions()) {
    if (instruction.keyword !== 'EXPOSE') continue;
    const text = context.textOf(instruction);
    for (const word of argumentWords(text, context.escape)) {
      const slash = word.text.lastIndexOf('/');
      if (slash < 0) continue;
      const proto = word.text.slice(slash + 1);
      if (proto === proto.toLowerCase()) continue;
      const range = text.rangeOf(word.start + slash + 1, word.end);
      findings.push({
        range: text.rangeOf(word.start, word.end),
        message: `Defined protocol '${word.text}' in EXPOSE instruction should be lowercase`,
        fix: { title: `Change to ${proto.toLowerCase()}`, edits: [{ range, newText: proto.toLowerCase() }] },
      });
    }
  }
  return findings;
});
