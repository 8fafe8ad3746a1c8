// FromAsCasing (BuildKit): `FROM x as y` / `from x AS y` — the AS keyword should match FROM's case.
import { fromWords } from './fromWords';
import { defineRule, RuleFinding } from './rule';

export const fromAsCasing = defineRule({
  name: 'FromAsCasing',
  description: "The 'as' keyword should match the case of the 'from' keyword",
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const stage of context.model.stages) {
    const words = fromWords(context, stage);
    if (!words?.as) continue;
    const from = words.keyword.text;
    const as = words.as.text;
    const fromUpper = from === from.toUpperCase();
    const fromLower = from === from.toLowerCase();
    if ((fromUpper && as === as.toUpperCase()) || (fromLower && as === as.toLowerCase()) || (!fromUpper && !fromLower)) continue;
    const range = words.text.rangeOf(words.as.start, words.as.end);
    const wanted = fromUpper ? 'AS' : 'as';
    findings.push({ range, message: `'${as}' and '${from}' keywords' casing do not match`, fix: { title: `Change to ${wanted}`, edits: [{ range, newText: wanted }] } });
  }
  return findings;
});
