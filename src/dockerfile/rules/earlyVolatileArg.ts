// EarlyVolatileArg: an ARG whose value changes on nearly every build (a commit, a date or
// timestamp, a build number or id) declared before RUN steps that do not use it. Every RUN after an ARG
// declaration has the ARG's value in its cache key, so each new value re-runs all of them.
// Declaring it just before its first use keeps the earlier steps cached.
import { keyValueWords } from './argumentWords';
import { defineRule, RuleFinding } from './rule';
import { shellReferences } from './shellVariables';

/**
 * Name parts that mean "different on every build": a commit (COMMIT, SHA, REVISION), a date or
 * time (DATE, TIMESTAMP, BUILD_TIME, EPOCH), a CI build's number or id. Not a version or release:
 * `NODE_VERSION` is a pin that changes when someone decides to upgrade, and declaring it early
 * (as the "Redeclare ARG" fix of UndefinedVar does) is right.
 */
const VOLATILE = /(?:^|_)(?:COMMIT|SHA|REVISION|REV|BUILD_?(?:DATE|TIME|NUMBER|NUM|ID)|BUILDTIME|DATE|TIMESTAMP|EPOCH|PIPELINE_ID|JOB_ID|RUN_ID|RUN_NUMBER)(?:_|$)/i;

export function isVolatileArgName(name: string): boolean {
  return VOLATILE.test(name);
}

export const earlyVolatileArg = defineRule({
  name: 'EarlyVolatileArg',
  description: 'An ARG that changes on every build, declared before RUN steps that do not use it',
  defaultSeverity: 'warning',
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const stage of context.model.stages) {
    const instructions = stage.instructions.filter((i) => !i.onbuildTrigger);
    instructions.forEach((arg, index) => {
      if (arg.keyword !== 'ARG') return;
      const text = context.textOf(arg);
      const pairs = keyValueWords(text, context.escape, true).pairs;
      for (const name of arg.declares ?? []) {
        const pair = pairs.find((p) => p.key === name);
        // A default pins the value (`ARG NODE_VERSION=20` changes rarely); without one, the value
        // comes from each build's --build-arg.
        if (!isVolatileArgName(name) || pair?.value !== undefined) continue;
        const uses = (i: typeof arg) => i.references.some((r) => r.name === name)
          || (i.keyword === 'RUN' && shellReferences(context.textOf(i).argumentsText).some((r) => r.name === name));
        const after = instructions.slice(index + 1);
        const firstUse = after.findIndex(uses);
        const before = (firstUse < 0 ? after : after.slice(0, firstUse)).filter((i) => i.keyword === 'RUN');
        if (before.length === 0) continue;
        const where = firstUse < 0 ? 'nothing after it uses it: remove it, or declare it where it is needed' : `declare it just before line ${after[firstUse].range.start.line + 1}, where it is first used`;
        findings.push({
          range: pair ? text.rangeOf(pair.keyStart, pair.keyEnd) : arg.range,
          message: `ARG ${name} usually changes on every build, and every RUN after it has its value in the cache key: ${before.length} RUN step(s) that do not use it (first at line ${before[0].range.start.line + 1}) re-run whenever it changes; ${where}`,
        });
      }
    });
  }
  return findings;
});
