// CopyFromUnknownStage: `COPY --from=NAME` where NAME is no stage before this one. The builder then
// takes NAME for an image and pulls it — the wrong files, or a failed pull. Reported when that is
// surely a mistake: a stage defined later (a stage can only copy from earlier ones), a stage index
// that does not exist yet, or a name one typo away from an earlier stage.
import { defineRule, RuleFinding } from './rule';
import { closestName } from './suggest';

export const copyFromUnknownStage = defineRule({
  name: 'CopyFromUnknownStage',
  description: 'COPY --from names a stage that is not defined before it',
  defaultSeverity: 'warning',
}, (context) => {
  const findings: RuleFinding[] = [];
  const stages = context.model.stages;
  for (const { stage, instruction } of context.stageInstructions()) {
    if (instruction.keyword !== 'COPY') continue;
    const text = context.textOf(instruction);
    const flags = text.text.slice(0, text.argumentsStart);
    const match = /(^|\s)--from=("?)([^\s"]+)\2/.exec(flags);
    if (!match) continue;
    const value = match[3];
    if (value.includes('$')) continue;
    const start = match.index + match[1].length + '--from='.length + match[2].length;
    const range = text.rangeOf(start, start + value.length);
    const earlier = stages.filter((s) => s.index < stage.index);
    const lower = value.toLowerCase();
    if (/^\d+$/.test(value)) {
      if (Number(value) >= stage.index) findings.push({ range, message: `COPY --from=${value}: stage ${value} is not defined before this stage (stages are numbered from 0; this is stage ${stage.index})`, skippable: false });
      continue;
    }
    if (earlier.some((s) => s.name === lower) || /[/:@.]/.test(value)) continue;
    const later = stages.find((s) => s.index >= stage.index && s.name === lower);
    if (later) {
      findings.push({ range, message: `COPY --from=${value}: stage '${lower}' is defined later (line ${later.fromRange.start.line + 1}); a stage can only copy from stages before it, so the builder pulls an image named '${value}' instead`, skippable: false });
      continue;
    }
    const suggestion = closestName(lower, earlier.map((s) => s.name).filter((n): n is string => n !== undefined));
    if (suggestion) {
      findings.push({
        range,
        message: `COPY --from=${value}: no stage named '${value}' (did you mean ${suggestion}?); the builder pulls an image named '${value}' instead`,
        fix: { title: `Change to ${suggestion}`, edits: [{ range, newText: suggestion }] },
        // Reported only where it is surely a mistake: skipping it leaves a build that pulls a wrong image or fails.
        skippable: false,
      });
    }
  }
  return findings;
});
