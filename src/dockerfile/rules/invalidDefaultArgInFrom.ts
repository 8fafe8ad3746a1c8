// InvalidDefaultArgInFrom (BuildKit): with the global ARGs' defaults alone (no --build-arg), a
// FROM's image name comes out empty or invalid, so building without build args fails.
import { buildModel } from '..';
import { defineRule, RuleFinding } from './rule';

/** An image reference as the engine parses it ([registry/]path[:tag][@digest]), lower-case path. */
const REFERENCE = /^(?:(?:[a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[a-z0-9]+:[a-f0-9]{32,})?$/;

export const invalidDefaultArgInFrom = defineRule({
  name: 'InvalidDefaultArgInFrom',
  description: 'Default value for global ARG results in an empty or invalid base image name',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  if (!context.model.stages.some((s) => s.instructions[0]?.references.length)) return [];
  const hasBuildArgs = Object.keys(context.options.buildArgs ?? {}).length > 0;
  const defaults = hasBuildArgs ? buildModel(context.text, { parsed: context.parsed }) : context.model;
  const findings: RuleFinding[] = [];
  for (const stage of defaults.stages) {
    const from = stage.instructions[0];
    if (!from || from.onbuildTrigger || from.references.length === 0) continue;
    const base = stage.baseName;
    const isStage = defaults.stages.some((s) => s.index < stage.index && s.name === base.toLowerCase());
    if (isStage || base.toLowerCase() === 'scratch' || (base !== '' && REFERENCE.test(base))) continue;
    const text = context.textOf(from);
    const raw = text.argumentsText.trim().split(/\s+/)[0] ?? '';
    findings.push({ range: from.range, message: `Default value for ARG ${raw} results in empty or invalid base image name` });
  }
  return findings;
});
