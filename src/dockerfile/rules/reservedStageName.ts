// ReservedStageName (BuildKit): `scratch` and `context` cannot be used as stage names as intended.
import { fromWords } from './fromWords';
import { defineRule, RuleFinding } from './rule';

const RESERVED = new Set(['scratch', 'context']);

export const reservedStageName = defineRule({
  name: 'ReservedStageName',
  description: 'Reserved words should not be used as stage names',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const stage of context.model.stages) {
    const words = fromWords(context, stage);
    if (!words?.name || !RESERVED.has(words.name.text.toLowerCase())) continue;
    findings.push({ range: words.text.rangeOf(words.name.start, words.name.end), message: `Stage name should not use the same name as reserved stage "${words.name.text.toLowerCase()}"` });
  }
  return findings;
});
