// SameInstructionEnvRef: `ENV A=2 B=$A` after an earlier `ENV A=1` — every value of one ENV is
// expanded with the variables from BEFORE the instruction, so B gets the old 1, not the 2 set
// beside it. BuildKit says nothing here (A is defined); where A was not set before, `$A` is
// empty and BuildKit's UndefinedVar reports it (with this explanation), so this rule does not.
import { defineRule, RuleFinding } from './rule';
import { sameInstructionSetter } from './sameInstructionEnv';

export const sameInstructionEnvRef = defineRule({
  name: 'SameInstructionEnvRef',
  description: 'A variable set by an ENV is not visible to the other values of the same ENV',
  defaultSeverity: 'warning',
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const { instruction } of context.stageInstructions()) {
    if (instruction.keyword !== 'ENV') continue;
    for (const ref of instruction.references) {
      if (!ref.resolvedTo) continue; // not set before: UndefinedVar's
      const same = sameInstructionSetter(context, instruction, ref);
      // The same value as before: B gets what the ENV meant anyway.
      if (!same || (same.setter.value !== undefined && unquoted(same.setter.value) === ref.resolvedTo.value)) continue;
      findings.push({
        range: ref.range,
        message: `'$${ref.name}' reads its value from before this ENV ('${ref.resolvedTo.value}'), not the ${ref.name} set earlier in the same ENV: the values of one ENV are expanded before any of them is set. Set ${ref.name} in an earlier ENV`,
        ...(same.fix ? { fix: same.fix } : {}),
      });
    }
  }
  return findings;
});

/** A value without expansions, as the builder stores it (quotes removed); `undefined` when it expands. */
function unquoted(value: string): string | undefined {
  if (/[$\\`]/.test(value)) return undefined;
  return value.replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
}
