// UndefinedArgInFrom (BuildKit): a FROM uses `$NAME` that no global ARG (before the first FROM)
// declares, so it expands to empty. BuildKit's automatic platform args are declared for it.
import { defineRule, RuleFinding } from './rule';
import { globalArgNames } from './scopeFacts';
import { buildkitSuggestion } from './suggest';

/** Args BuildKit defines for every build; FROM may use them without an ARG. */
export const BUILDKIT_AUTOMATIC_ARGS: ReadonlySet<string> = new Set([
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
]);

export const undefinedArgInFrom = defineRule({
  name: 'UndefinedArgInFrom',
  description: 'FROM command must use declared ARGs',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  const globals = globalArgNames(context.model);
  for (const stage of context.model.stages) {
    const from = stage.instructions[0];
    if (!from || from.keyword !== 'FROM' || from.onbuildTrigger) continue;
    for (const ref of from.references) {
      if (ref.special || globals.has(ref.name) || BUILDKIT_AUTOMATIC_ARGS.has(ref.name)) continue;
      const suggestion = buildkitSuggestion(ref.name, [...globals, ...BUILDKIT_AUTOMATIC_ARGS]);
      findings.push({
        range: ref.range,
        message: `FROM argument '${ref.name}' is not declared${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
        ...(suggestion ? { fix: { title: `Change to ${suggestion}`, edits: [{ range: ref.nameRange, newText: suggestion }] } } : {}),
      });
    }
  }
  return findings;
});
