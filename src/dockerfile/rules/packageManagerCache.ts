// PackageManagerCache (info): a RUN installs packages and leaves the package manager's cache in the
// layer — apt's lists (/var/lib/apt/lists), apk's index (/var/cache/apk), pip's wheels
// (~/.cache/pip). A later RUN deleting them does not shrink the image: the files stay in the
// earlier layer. Checked only in the stages that make the final image (the last stage and the
// stages it is built FROM); a builder stage's size does not ship.
import type { InstructionModel, StageModel } from '..';
import type { LintContext } from './context';
import { defineRule, RuleFinding } from './rule';
import { operands, simpleCommands } from './shellCommands';
import { shellScriptsOf } from './shellScripts';

interface CacheCheck { installs: (words: string[], ops: string[]) => boolean; cleaned: (run: string, env: Record<string, string>) => boolean; advice: string; what: string }

const PIP_OFF_WORDS = ['1', 'true', 'on', 'yes', 'off', 'false', '0'];

const CHECKS: CacheCheck[] = [
  {
    what: "apt's package lists",
    installs: (w, ops) => /^(?:apt-get|apt|aptitude)$/.test(w[0]) && ops[1] === 'install',
    cleaned: (run) => /(?:rm|find)\s[^;&|]*\/var\/lib\/apt\/lists/.test(run) || /\bdist-clean\b/.test(run) || /--mount=[^\s]*target=\/var\/lib\/apt/.test(run),
    advice: 'end the RUN with `&& rm -rf /var/lib/apt/lists/*`',
  },
  {
    what: "apk's package index",
    // Only `apk update` / `apk add --update` store the index in /var/cache/apk.
    installs: (w, ops) => w[0] === 'apk' && !w.includes('--no-cache') && (ops[1] === 'update' || (ops[1] === 'add' && (w.includes('--update') || w.includes('-U') || w.includes('--update-cache')))),
    cleaned: (run) => /\/var\/cache\/apk/.test(run),
    advice: 'use `apk add --no-cache`',
  },
  {
    what: "pip's download cache",
    installs: (w, ops) => /^pip(?:[23](?:\.\d+)?)?$/.test(w[0]) && ops[1] === 'install' && !w.includes('--no-cache-dir'),
    // pip turns its cache off for any of these words in PIP_NO_CACHE_DIR: from an ENV, or set in
    // the RUN itself (`PIP_NO_CACHE_DIR=1 pip install`, `export PIP_NO_CACHE_DIR=1; ...`).
    cleaned: (run, env) => /--mount=[^\s]*target=[^\s,]*\.cache\/pip/.test(run) || /rm\s+-[a-zA-Z]*\s+(?:\S+\s+)*\S*\.cache\/pip/.test(run)
      || PIP_OFF_WORDS.includes((env.PIP_NO_CACHE_DIR ?? '').toLowerCase())
      || [...run.matchAll(/(?:^|[\s;&|])PIP_NO_CACHE_DIR=["']?([A-Za-z0-9]*)/g)].some((m) => PIP_OFF_WORDS.includes(m[1].toLowerCase())),
    advice: 'use `pip install --no-cache-dir`',
  },
];

export const packageManagerCache = defineRule({
  name: 'PackageManagerCache',
  description: "A package install leaves the package manager's cache in the image layer",
  defaultSeverity: 'info',
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const stage of shippedStages(context)) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'RUN' || instruction.onbuildTrigger) continue;
      findings.push(...check(context, instruction));
    }
  }
  return findings;
});

function check(context: LintContext, instruction: InstructionModel): RuleFinding[] {
  const scripts = shellScriptsOf(context, instruction);
  if (scripts.length === 0) return [];
  // Cleaning anywhere in the RUN counts: its flags (a cache mount), its line, its heredoc bodies.
  const whole = [context.textOf(instruction).text, ...scripts.filter((s) => s.heredoc).map((s) => s.text)].join('\n');
  const findings: RuleFinding[] = [];
  for (const rule of CHECKS) {
    if (rule.cleaned(whole, instruction.runEnv ?? {})) continue;
    for (const script of scripts) {
      const install = simpleCommands(script.text).find((c) => rule.installs(c.words.map((w, i) => (i === 0 ? w.replace(/^.*\//, '') : w)), operands(c)));
      if (!install) continue;
      findings.push({
        range: script.rangeOf(install.start, install.end),
        message: `${rule.what} stay in this layer and make the image bigger: ${rule.advice} (a later RUN cannot remove them from this layer)`,
      });
      break;
    }
  }
  return findings;
}

/** The last stage and the stages it is built FROM: their layers are the final image's. */
function shippedStages(context: LintContext): StageModel[] {
  const stages = context.model.stages;
  const shipped: StageModel[] = [];
  for (let s: StageModel | undefined = stages[stages.length - 1]; s; s = s.baseStage === undefined ? undefined : stages[s.baseStage]) shipped.push(s);
  return shipped;
}
