// The whitespace-separated words of an instruction's arguments as written (quotes kept), with
// their offsets in the instruction's logical text, and `key=value` pairs among them (ENV, ARG,
// LABEL). Quote- and escape-aware like the builder's parseWords.
import type { InstructionText } from './instructionText';

export interface Word { text: string; start: number; end: number }
export interface KeyValueWord { key: string; keyStart: number; keyEnd: number; value?: string; valueStart: number; word: Word }

export function argumentWords(text: InstructionText, escape: string): Word[] {
  const s = text.text;
  const words: Word[] = [];
  let start = -1;
  let quote = '';
  for (let i = text.argumentsStart; i <= s.length; i++) {
    const ch = s[i];
    if (i === s.length || (!quote && /\s/.test(ch))) {
      if (start >= 0) words.push({ text: s.slice(start, i), start, end: i });
      start = -1;
      continue;
    }
    if (start < 0) start = i;
    if (ch === escape && quote !== "'") { i++; continue; }
    if (quote) { if (ch === quote) quote = ''; continue; }
    if (ch === '"' || ch === "'") quote = ch;
  }
  return words;
}

/** `key=value` words (ARG also allows a bare `key`); for the legacy `ENV key value` form, one pair. */
export function keyValueWords(text: InstructionText, escape: string, allowBare: boolean): { pairs: KeyValueWord[]; legacy: boolean } {
  const words = argumentWords(text, escape);
  if (words.length === 0) return { pairs: [], legacy: false };
  if (!allowBare && !words[0].text.includes('=')) {
    const key = words[0];
    return { pairs: [{ key: key.text, keyStart: key.start, keyEnd: key.end, value: text.text.slice(words[1]?.start ?? key.end).trim(), valueStart: words[1]?.start ?? key.end, word: key }], legacy: true };
  }
  const pairs: KeyValueWord[] = [];
  for (const word of words) {
    const eq = word.text.indexOf('=');
    if (eq < 0 && !allowBare) continue;
    const keyEnd = eq < 0 ? word.end : word.start + eq;
    pairs.push({ key: word.text.slice(0, keyEnd - word.start), keyStart: word.start, keyEnd, ...(eq < 0 ? {} : { value: word.text.slice(eq + 1) }), valueStart: eq < 0 ? word.end : keyEnd + 1, word });
  }
  return { pairs, legacy: false };
}
