// The "skip this rule" quick fixes: a `# check=skip=Rule` comment right above the instruction
// (BuildKit honours it for that instruction only), or the file's `# check=` directive (the whole
// file). Either merges into the check line already there, since BuildKit reads only the first one.
import { CheckLine, CheckControls } from './checkControls';
import { parseCheckOptions } from './checkOptions';
import type { LintContext } from './context';
import type { Fix, TextEdit } from './types';

/** Rules BuildKit checks for the whole file, where an instruction's comment does not count. */
export const FILE_WIDE_RULES: ReadonlySet<string> = new Set([
  'NoEmptyContinuation', 'ConsistentInstructionCasing', 'DuplicateStageName', 'ReservedStageName', 'InvalidDefaultArgInFrom', 'InvalidCheckOptions',
]);

/** The edit that adds `rule` to the skips of an existing check line (undefined when it cannot). */
function mergeInto(check: CheckLine, rule: string): TextEdit | undefined {
  const parsed = parseCheckOptions(check.value);
  if ('error' in parsed || parsed.config.skipAll) return undefined;
  const at = (offset: number) => ({ line: check.line, character: check.valueStart + offset });
  // ParseLintOptions reads at most three `;` parts: find the `skip` one, else append one.
  const parts = check.value.split(';');
  let offset = 0;
  for (const [index, part] of parts.entries()) {
    if (index < 3 && part.slice(0, part.indexOf('=')).trim() === 'skip') {
      const end = offset + part.trimEnd().length;
      const listed = part.slice(part.indexOf('=') + 1).trim();
      return { range: { start: at(end), end: at(end) }, newText: listed === '' ? rule : `,${rule}` };
    }
    offset += part.length + 1;
  }
  if (parts.length >= 3) return undefined;
  return { range: { start: at(check.value.length), end: at(check.value.length) }, newText: `;skip=${rule}` };
}

function insertLine(line: number, text: string): TextEdit {
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${text}\n` };
}

export function suppressionsFor(context: LintContext, controls: CheckControls, rule: string, controlLine: number): Fix[] {
  const fixes: Fix[] = [];
  const comment = `# check=skip=${rule}`;
  const instruction = FILE_WIDE_RULES.has(rule) ? undefined : controls.instructionAt(controlLine);
  // Right above the instruction; not where that line would join the top directives (it would
  // then count for the whole file, which the other action says).
  if (instruction && instruction.start > controls.directiveInsertLine) {
    const existing = controls.checkCommentOf(instruction);
    const edit = existing ? mergeInto(existing, rule) : insertLine(instruction.start, comment);
    if (edit) fixes.push({ title: `Skip ${rule} for this instruction (${comment})`, edits: [edit] });
  }
  // The build arg replaces the directive: editing the directive would change nothing.
  if (controls.source !== 'build-arg') {
    const edit = controls.directive ? mergeInto(controls.directive, rule) : insertLine(controls.directiveInsertLine, comment);
    if (edit) fixes.push({ title: `Skip ${rule} in this file (${comment})`, edits: [edit] });
  }
  void context;
  return fixes;
}
