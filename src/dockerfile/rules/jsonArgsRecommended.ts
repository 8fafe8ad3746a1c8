// JSONArgsRecommended (BuildKit): CMD/ENTRYPOINT in shell form run under `/bin/sh -c`, which does
// not pass signals on: `docker stop` waits its timeout and then kills the program. Not reported
// when the stage chose its shell with SHELL (then the shell is deliberate).
import { defineRule, RuleFinding } from './rule';

export const jsonArgsRecommended = defineRule({
  name: 'JSONArgsRecommended',
  description: 'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const stage of context.model.stages) {
    let shellSet = stage.baseStage !== undefined && context.model.stages[stage.baseStage].config.Shell !== null;
    for (const instruction of stage.instructions) {
      if (instruction.onbuildTrigger) continue;
      if (instruction.keyword === 'SHELL') shellSet = true;
      if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') continue;
      const args = context.textOf(instruction).argumentsText.trim();
      if (args === '' || args.startsWith('[') || shellSet) continue;
      findings.push({ range: instruction.range, message: `JSON arguments recommended for ${instruction.keyword} to prevent unintended behavior related to OS signals` });
    }
  }
  return findings;
});
