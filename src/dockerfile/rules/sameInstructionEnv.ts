// `ENV A=1 B=$A`: every value of one ENV is expanded with the variables from BEFORE the
// instruction, so `$A` is not the A set beside it. Shared by UndefinedVar (A was not set before:
// `$A` is empty, BuildKit's own UndefinedVar) and SameInstructionEnvRef (A was set before with
// another value: B silently gets the old one, where BuildKit says nothing).
import type { InstructionModel, Position, VariableReference } from '..';
import { keyValueWords, KeyValueWord } from './argumentWords';
import type { LintContext } from './context';
import type { Fix } from './types';

export interface SameInstructionSetter {
  /** The pair of this ENV that sets the name, written before the reference. */
  setter: KeyValueWord;
  /** Split the ENV before the pair that reads the name (one-line ENVs only). */
  fix?: Fix;
}

function notAfter(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** For a reference in an ENV, the pair before it in the same ENV that sets its name. */
export function sameInstructionSetter(context: LintContext, instruction: InstructionModel, ref: VariableReference): SameInstructionSetter | undefined {
  if (instruction.keyword !== 'ENV') return undefined;
  const text = context.textOf(instruction);
  const { pairs, legacy } = keyValueWords(text, context.escape, false);
  if (legacy) return undefined;
  // Set by another pair, written before the one that reads it (`PATH=$X/bin:$PATH` reads its own old value on purpose).
  const setter = pairs.find((p) => p.key === ref.name && notAfter(text.positionAt(p.word.end), ref.range.start));
  if (!setter) return undefined;
  const userIndex = pairs.findIndex((p) => notAfter(text.positionAt(p.word.start), ref.range.start) && notAfter(ref.range.end, text.rangeOf(p.word.start, p.word.end).end));
  // A line break inside a continuation would end the instruction early: one-line ENVs only.
  const singleLine = instruction.range.start.line === instruction.range.end.line;
  const fix = singleLine && userIndex > 0
    ? { title: 'Split into two ENV instructions', edits: [{ range: text.rangeOf(pairs[userIndex - 1].word.end, pairs[userIndex].word.start), newText: '\nENV ' }] }
    : undefined;
  return { setter, ...(fix ? { fix } : {}) };
}

export function sameInstructionExplanation(name: string): string {
  return `${name} is set by this same ENV, but the values of one ENV are all expanded before any of them is set. Set ${name} in an earlier ENV`;
}
