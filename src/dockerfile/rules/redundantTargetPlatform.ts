// RedundantTargetPlatform (BuildKit): `FROM --platform=$TARGETPLATFORM` asks for what every FROM
// gets anyway (the target platform). With the classic builder it is worse: TARGETPLATFORM is not
// defined there, the flag is empty and the build fails.
import { defineRule, RuleFinding } from './rule';

export const redundantTargetPlatform = defineRule({
  name: 'RedundantTargetPlatform',
  description: 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const stage of context.model.stages) {
    const from = stage.instructions[0];
    if (!from || from.keyword !== 'FROM' || from.onbuildTrigger) continue;
    const text = context.textOf(from);
    const flags = text.text.slice(0, text.argumentsStart);
    const match = /--platform=("?)(\$TARGETPLATFORM|\$\{TARGETPLATFORM\})\1(?=\s|$)/.exec(flags);
    if (!match) continue;
    const start = match.index;
    const range = text.rangeOf(start, start + match[0].length);
    // Remove the flag and the blanks after it.
    const after = /^\s*/.exec(text.text.slice(start + match[0].length))![0].length;
    findings.push({
      range,
      message: `Setting platform to predefined ${match[2]} in FROM is redundant as this is the default behavior`,
      fix: { title: 'Remove --platform', edits: [{ range: text.rangeOf(start, start + match[0].length + after), newText: '' }] },
    });
  }
  return findings;
});
