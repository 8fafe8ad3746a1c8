// LegacyKeyValueFormat (BuildKit): `ENV key value` / `LABEL key value` (whitespace instead of `=`).
// The legacy form sets exactly one variable to all the rest of the line, which surprises anyone
// who adds a second pair; `key=value` is the form the builder documents.
import { keyValueWords } from './argumentWords';
import { defineRule, RuleFinding } from './rule';

export const legacyKeyValueFormat = defineRule({
  name: 'LegacyKeyValueFormat',
  description: 'Legacy key/value format with whitespace separator should not be used',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const { instruction } of context.stageInstructions()) {
    if (instruction.keyword !== 'ENV' && instruction.keyword !== 'LABEL') continue;
    const text = context.textOf(instruction);
    const { pairs, legacy } = keyValueWords(text, context.escape, false);
    if (!legacy || pairs.length !== 1 || !pairs[0].value) continue;
    const pair = pairs[0];
    const value = pair.value!;
    // Offer the rewrite only where it is exact: one line, a value without quotes or escapes.
    const safe = instruction.range.start.line === instruction.range.end.line && !/["'`\\$]/.test(value);
    const quoted = /\s/.test(value) ? `"${value}"` : value;
    const fix = safe
      ? { title: `Use ${instruction.keyword} ${pair.key}=${quoted}`, edits: [{ range: text.rangeOf(pair.keyStart, text.text.trimEnd().length), newText: `${pair.key}=${quoted}` }] }
      : undefined;
    const kw = instruction.keyword;
    findings.push({ range: instruction.range, message: `"${kw} key=value" should be used instead of legacy "${kw} key value" format`, ...(fix ? { fix } : {}) });
  }
  return findings;
});
