// The parts of a COPY/ADD that its cache key is made of, after expansion: where the sources come
// from (the context, a stage, an image, a URL) and which variables the sources and destination
// used (the model's references of the instruction also cover `--chown`).
import { parseJsonArray, splitInstruction, splitOnWhitespace } from '../instructionSyntax';
import { LexedReference, processWord } from '../shellLexer';
import type { InstructionModel } from '../types';

export interface CopyInstruction {
  /** The `--from` value as written (a stage name or index, or an image), if any. */
  from?: string;
  /** Sources after expansion (the last word is the destination). */
  sources: string[];
  destination: string;
  /** Names of the variables expanded in the sources and the destination. */
  referencedNames: string[];
}

export function parseCopyInstruction(instruction: InstructionModel, escape: string): CopyInstruction | undefined {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return undefined;
  const split = splitInstruction(instruction.text);
  let from: string | undefined;
  for (const flag of split.flags) {
    const match = /^--from=(.*)$/s.exec(flag.text);
    if (match && instruction.keyword === 'COPY') from = match[1];
  }
  const json = parseJsonArray(split.rest);
  const words = json.kind === 'json' ? json.items.map((p) => p.text) : json.kind === 'error' ? [] : splitOnWhitespace(split.rest).map((p) => p.text);
  if (words.length < 2) return undefined;
  const refs: LexedReference[] = [];
  const lookup = (name: string) => instruction.scope.get(name)?.value;
  const expanded = words.map((w) => processWord(w, escape, lookup, refs).value);
  return {
    from,
    sources: expanded.slice(0, -1),
    destination: expanded[expanded.length - 1],
    referencedNames: [...new Set(refs.map((r) => r.name))],
  };
}

/** urlutil.IsURL as ADD uses it. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//.test(source);
}
