// SameInstructionEnvRef: `ENV A=1 B=$A` — every value of one ENV is expanded with the variables
// from BEFORE the instruction, so B gets the old A (or nothing), not the 1 set beside it.
import type { Position } from '..';
import { keyValueWords } from './argumentWords';
import { defineRule, RuleFinding } from './rule';

function notAfter(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

export const sameInstructionEnvRef = defineRule({
  name: 'SameInstructionEnvRef',
  description: 'A variable set by an ENV is not visible to the other values of the same ENV',
  defaultSeverity: 'warning',
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const { instruction } of context.stageInstructions()) {
    if (instruction.keyword !== 'ENV') continue;
    const text = context.textOf(instruction);
    const { pairs, legacy } = keyValueWords(text, context.escape, false);
    if (legacy) continue;
    for (const ref of instruction.references) {
      // Set by another pair, written before the one that reads it (`PATH=$X/bin:$PATH` reads its own old value on purpose).
      const setter = pairs.find((p) => p.key === ref.name && notAfter(text.positionAt(p.word.end), ref.range.start));
      if (!setter) continue;
      const userIndex = pairs.findIndex((p) => notAfter(text.positionAt(p.word.start), ref.range.start) && notAfter(ref.range.end, text.rangeOf(p.word.start, p.word.end).end));
      const old = ref.resolvedTo ? `its value from before this ENV ('${ref.resolvedTo.value}')` : 'nothing (it was not set before this ENV)';
      // Split before the pair that reads the variable (one-line ENVs only: a line break inside a
      // continuation would end the instruction early).
      const singleLine = instruction.range.start.line === instruction.range.end.line;
      const fix = singleLine && userIndex > 0
        ? { title: 'Split into two ENV instructions', edits: [{ range: text.rangeOf(pairs[userIndex - 1].word.end, pairs[userIndex].word.start), newText: '\nENV ' }] }
        : undefined;
      findings.push({
        range: ref.range,
        message: `'$${ref.name}' reads ${old}, not the ${ref.name} set earlier in the same ENV: the values of one ENV are expanded before any of them is set. Set ${ref.name} in an earlier ENV`,
        ...(fix ? { fix } : {}),
      });
    }
  }
  return findings;
});
