// BuildKit's structure checks, in its words and on its lines (frontend/dockerfile/dockerfile2llb
// validations and instructions/parse): NoEmptyContinuation (one warning, on the instruction's last
// line), DuplicateStageName (the later stage only), MultipleInstructionsDisallowed (the CMD,
// ENTRYPOINT or HEALTHCHECK that has no effect), ConsistentInstructionCasing (the majority's case),
// WorkdirRelativePath (the first WORKDIR of a stage chain, FROM <stage> inheriting it),
// FromPlatformFlagConstDisallowed.
import type { Range } from '..';
import { processWord } from '..';
import { defineRule, RuleFinding } from './rule';

const lineRange = (line: number, length: number): Range => ({ start: { line, character: 0 }, end: { line, character: length } });

export const noEmptyContinuation = defineRule({
  name: 'NoEmptyContinuation',
  description: 'Empty continuation lines will become errors in a future release',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const instruction of context.parsed.getInstructions()) {
    const { start, end } = instruction.getRange();
    let empty = false;
    for (let line = start.line + 1; line <= end.line; line++) if (/^\s*$/.test(context.lines[line] ?? '')) empty = true;
    // parser.Parse: the warning's line is where the instruction ends.
    if (empty) findings.push({ range: lineRange(end.line, (context.lines[end.line] ?? '').length), message: 'Empty continuation line' });
  }
  return findings;
});

export const duplicateStageName = defineRule({
  name: 'DuplicateStageName',
  description: 'Stage names should be unique',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const seen = new Set<string>();
  const findings: RuleFinding[] = [];
  for (const stage of context.model.stages) {
    if (!stage.name) continue;
    if (seen.has(stage.name)) findings.push({ range: stage.fromRange, message: `Duplicate stage name ${JSON.stringify(stage.name)}, stage names should be unique` });
    seen.add(stage.name);
  }
  return findings;
});

export const multipleInstructionsDisallowed = defineRule({
  name: 'MultipleInstructionsDisallowed',
  description: 'Multiple instructions of the same type should not be used in the same stage',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const stage of context.model.stages) {
    const last = new Map<string, Range>();
    for (const instruction of stage.instructions) {
      if (instruction.onbuildTrigger || !['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(instruction.keyword)) continue;
      const previous = last.get(instruction.keyword);
      // The earlier one is ignored, so it is reported; the later one's `# check=` comment decides.
      if (previous) findings.push({ range: previous, message: `Multiple ${instruction.keyword} instructions should not be used in the same stage because only the last one will be used`, controlLine: instruction.range.start.line });
      last.set(instruction.keyword, instruction.range);
    }
  }
  return findings;
});

export const consistentInstructionCasing = defineRule({
  name: 'ConsistentInstructionCasing',
  description: 'All commands within the Dockerfile should use the same casing (either upper or lower)',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  // The instructions of the stages (global ARGs before the first FROM are not counted).
  const all = context.parsed.getInstructions();
  const firstFrom = all.findIndex((i) => i.getKeyword() === 'FROM');
  if (firstFrom < 0) return [];
  const names = all.slice(firstFrom).map((i) => ({ name: i.getInstruction(), range: i.getRange() }));
  const lower = names.filter((n) => n.name === n.name.toLowerCase()).length;
  const upper = names.filter((n) => n.name === n.name.toUpperCase() && n.name !== n.name.toLowerCase()).length;
  const majorityLower = lower > upper;
  return names.filter((n) => (majorityLower ? n.name !== n.name.toLowerCase() : n.name !== n.name.toUpperCase())).map((n): RuleFinding => ({
    range: n.range,
    message: `Command '${n.name}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`,
    fix: { title: `Change to ${majorityLower ? n.name.toLowerCase() : n.name.toUpperCase()}`, edits: [{ range: { start: n.range.start, end: { line: n.range.start.line, character: n.range.start.character + n.name.length } }, newText: majorityLower ? n.name.toLowerCase() : n.name.toUpperCase() }] },
  }));
});

export const workdirRelativePath = defineRule({
  name: 'WorkdirRelativePath',
  description: 'Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  // Whether each stage (or the stage it is built FROM) has set a WORKDIR: only the first counts.
  const setIn: boolean[] = [];
  for (const stage of context.model.stages) {
    let set = stage.baseStage !== undefined ? setIn[stage.baseStage] ?? false : false;
    for (const instruction of stage.instructions) {
      if (instruction.onbuildTrigger || instruction.keyword !== 'WORKDIR') continue;
      const raw = context.textOf(instruction).argumentsText.trim();
      const path = processWord(raw, context.escape, (n) => instruction.scope.get(n)?.value).value;
      if (!set && !path.startsWith('/')) findings.push({ range: instruction.range, message: `Relative workdir ${JSON.stringify(path)} can have unexpected results if the base image changes` });
      set = true;
    }
    setIn[stage.index] = set;
  }
  return findings;
});

export const fromPlatformFlagConstDisallowed = defineRule({
  name: 'FromPlatformFlagConstDisallowed',
  description: 'FROM --platform flag should not use a constant value',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const stage of context.model.stages) {
    const from = stage.instructions[0];
    if (!from || from.keyword !== 'FROM' || from.onbuildTrigger) continue;
    const text = context.textOf(from);
    const flag = /(?:^|\s)--platform=(\S+)/.exec(text.text.slice(0, text.argumentsStart));
    if (!flag || flag[1].includes('$')) continue;
    const value = flag[1].replace(/^"(.*)"$/, '$1');
    const [os, arch] = value.split('/');
    // Only a platform that parses; a stage named after it (`AS build-amd64`) means it on purpose.
    if (!/^[a-z0-9_-]+\/[a-z0-9_-]+(?:\/[a-z0-9_.-]+)?$/i.test(value)) continue;
    const name = stage.name ?? '';
    if (name.includes(os.toLowerCase()) || name.includes(arch.toLowerCase())) continue;
    findings.push({ range: from.range, message: `FROM --platform flag should not use constant value ${JSON.stringify(value)}` });
  }
  return findings;
});
