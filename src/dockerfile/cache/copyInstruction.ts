// The parts of a COPY/ADD that its cache key is made of, after expansion: where the sources come
// from (the context, a stage, an image, a URL) and which variables the sources and destination
// used (the model's references of the instruction also cover `--chown`).
import { parseHeredocWord } from '../heredoc';
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
  /** How many sources are heredocs (inline files, not context paths); BuildKit only. */
  inlineFiles: number;
  /** `--link` (current BuildKit): the step does not depend on the layers before it. */
  link: boolean;
  /** `--exclude` patterns (current BuildKit), as written. */
  exclude: string[];
}

export function parseCopyInstruction(instruction: InstructionModel, escape: string): CopyInstruction | undefined {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return undefined;
  const split = splitInstruction(instruction.text);
  let from: string | undefined;
  for (const flag of split.flags) {
    const match = /^--from=(.*)$/s.exec(flag.text);
    if (match && instruction.keyword === 'COPY') from = match[1];
  }
  const link = instruction.flags?.get('link')?.[0] === 'true';
  const exclude = instruction.flags?.get('exclude') ?? [];
  const json = parseJsonArray(split.rest);
  const words = json.kind === 'json' ? json.items.map((p) => p.text) : json.kind === 'error' ? [] : splitOnWhitespace(split.rest).map((p) => p.text);
  if (words.length < 2) return undefined;
  const refs: LexedReference[] = [];
  const lookup = (name: string) => instruction.scope.get(name)?.value;
  // With heredocs, a source word that opens one is an inline file, not a path (BuildKit).
  const inline = instruction.heredocs?.length ? words.slice(0, -1).filter((w) => parseHeredocWord(w)).length : 0;
  const paths = inline > 0 ? [...words.slice(0, -1).filter((w) => !parseHeredocWord(w)), words[words.length - 1]] : words;
  const expanded = paths.map((w) => processWord(w, escape, lookup, refs).value);
  return {
    from,
    sources: expanded.slice(0, -1),
    destination: expanded[expanded.length - 1],
    referencedNames: [...new Set(refs.map((r) => r.name))],
    inlineFiles: inline,
    link,
    exclude,
  };
}

/** urlutil.IsURL as ADD uses it. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//.test(source);
}

/**
 * A git repository as current BuildKit's ADD recognises one (gitutil.ParseGitRef, roughly):
 * `git@host:repo`, `git://`, `ssh://`, or an http(s) URL ending in `.git` (with `#ref` after it).
 */
export function isGitRef(source: string): boolean {
  if (/^(git@[^:]+:|git:\/\/|ssh:\/\/)/.test(source)) return true;
  return /^https?:\/\/[^#]*\.git(#.*)?$/.test(source);
}
