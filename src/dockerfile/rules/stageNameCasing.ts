// StageNameCasing (BuildKit): stage names are matched case-insensitively, so they should be lower case.
import { fromWords } from './fromWords';
import { defineRule, RuleFinding } from './rule';

export const stageNameCasing = defineRule({
  name: 'StageNameCasing',
  description: 'Stage names should be lowercase',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const stage of context.model.stages) {
    const words = fromWords(context, stage);
    if (!words?.name || words.name.text === words.name.text.toLowerCase()) continue;
    const range = words.text.rangeOf(words.name.start, words.name.end);
    findings.push({
      range,
      message: `Stage name '${words.name.text}' should be lowercase`,
      fix: { title: `Rename to ${words.name.text.toLowerCase()}`, edits: [{ range, newText: words.name.text.toLowerCase() }] },
    });
  }
  return findings;
});
