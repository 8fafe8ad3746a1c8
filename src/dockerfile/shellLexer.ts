// Word expansion exactly as the classic builder does it (moby 20.10, which vendors BuildKit's
// `frontend/dockerfile/shell` lexer): quotes, the escape character, `$v`, `${v}`, `${v:-w}`,
// `${v:+w}`, `${v:?w}`. Everything else (`${v-w}`, `${v:=w}`, `${#v}`...) is an error the builder
// reports, so it is one here too. Verified against the engine by test/engine/explain.

/** Looks a variable up; `undefined` means "not defined" (which expands to the empty string). */
export type VariableLookup = (name: string) => string | undefined;

/** One `$name` / `${name...}` the lexer expanded; offsets are into the processed text. */
export interface LexedReference {
  name: string;
  /** Offset of the `$`. */
  start: number;
  /** Offset just past the reference (after `}` for the braced form). */
  end: number;
  nameStart: number;
  nameEnd: number;
  /** `-`, `+` or `?` for `${name:X...}`; undefined for `$name` / `${name}`. */
  modifier?: string;
  /** Whether the name was defined when the builder expanded it. */
  defined: boolean;
  /** Set for `$1`, `$@` and the like: never defined, silently empty. */
  special?: boolean;
}

export interface LexResult<T> {
  value: T;
  /** The builder's error for this word (it would fail the build); value is then a best effort. */
  error?: string;
}

class LexError extends Error {}

const EOF = -1;
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const NAME_CHAR = /[\p{L}\p{Nd}_]/u;
const DIGIT = /\p{Nd}/u;
const SPACE = /\s/u;

/** Collects whitespace-separated words the way ProcessWords does (only unquoted spaces split). */
class Words {
  readonly words: string[] = [];
  word = '';
  inWord = false;
  addChar(ch: string): void {
    if (SPACE.test(ch)) {
      if (this.inWord && this.word.length !== 0) { this.words.push(this.word); this.word = ''; this.inWord = false; }
    } else { this.addRaw(ch); }
  }
  addRaw(text: string): void { this.word += text; this.inWord = true; }
  addString(text: string): void { for (const ch of text) this.addChar(ch); }
  finish(): string[] {
    if (this.word.length > 0) { this.words.push(this.word); this.word = ''; this.inWord = false; }
    return this.words;
  }
}

class Scanner {
  private pos = 0;
  constructor(private readonly text: string, private readonly escape: string,
    private readonly lookup: VariableLookup, private readonly refs: LexedReference[] | undefined) {}

  private peek(): string | typeof EOF {
    if (this.pos >= this.text.length) return EOF;
    const code = this.text.codePointAt(this.pos)!;
    return String.fromCodePoint(code);
  }
  private next(): string | typeof EOF {
    const ch = this.peek();
    if (ch !== EOF) this.pos += ch.length;
    return ch;
  }

  /** processStopOn: reads until `stop` (consumed) or the end of the text. */
  processStopOn(stop: string | typeof EOF, words?: Words): string {
    let result = '';
    for (let ch = this.peek(); ch !== EOF; ch = this.peek()) {
      if (stop !== EOF && ch === stop) { this.next(); return result; }
      if (ch === "'" || ch === '"' || ch === '$') {
        const piece = ch === "'" ? this.singleQuote() : ch === '"' ? this.doubleQuote() : this.dollar();
        result += piece;
        if (words) { if (ch === '$') words.addString(piece); else words.addRaw(piece); }
        continue;
      }
      let c = this.next() as string;
      if (c === this.escape) {
        const escaped = this.next();
        if (escaped === EOF) break; // a lone escape at the end is dropped
        c = escaped;
        words?.addRaw(c);
      } else {
        words?.addChar(c);
      }
      result += c;
    }
    if (stop !== EOF) throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
    return result;
  }

  private singleQuote(): string {
    this.next();
    let result = '';
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new LexError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return result;
      result += ch;
    }
  }

  private doubleQuote(): string {
    this.next();
    let result = '';
    for (;;) {
      const ch = this.peek();
      if (ch === EOF) throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (ch === '"') { this.next(); return result; }
      if (ch === '$') { result += this.dollar(); continue; }
      let c = this.next() as string;
      if (c === this.escape) {
        const after = this.peek();
        if (after === EOF) continue; // an escape at the very end is ignored
        // Only ", $ and the escape itself can be escaped; any other escape stays as written.
        if (after === '"' || after === '$' || after === this.escape) c = this.next() as string;
      }
      result += c;
    }
  }

  private dollar(): string {
    const start = this.pos;
    this.next();
    if (this.peek() !== '{') {
      const nameStart = this.pos;
      const { name, special } = this.name();
      if (name === '') return '$';
      const value = this.lookup(name);
      this.refs?.push({ name, start, end: this.pos, nameStart, nameEnd: this.pos, defined: value !== undefined, ...(special ? { special } : {}) });
      return value ?? '';
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
    const nameStart = this.pos;
    const { name, special } = this.name();
    const nameEnd = this.pos;
    const ch = this.next();
    if (ch === '}') {
      const value = this.lookup(name);
      this.refs?.push({ name, start, end: this.pos, nameStart, nameEnd, defined: value !== undefined, ...(special ? { special } : {}) });
      return value ?? '';
    }
    if (ch === ':') {
      const modifier = this.next();
      let word: string;
      try {
        word = this.processStopOn('}');
      } catch (error) {
        if (this.peek() === EOF) throw new LexError("syntax error: missing '}'");
        throw error;
      }
      const found = this.lookup(name);
      const value = found ?? '';
      if (modifier !== '+' && modifier !== '-' && modifier !== '?') {
        throw new LexError(`unsupported modifier (${modifier === EOF ? '' : modifier}) in substitution`);
      }
      this.refs?.push({ name, start, end: this.pos, nameStart, nameEnd, modifier, defined: found !== undefined, ...(special ? { special } : {}) });
      if (modifier === '+') return value !== '' ? word : value;
      if (modifier === '-') return value === '' ? word : value;
      if (found === undefined) throw new LexError(`${name}: ${word === '' ? 'is not allowed to be unset' : word}`);
      if (value === '') throw new LexError(`${name}: ${word === '' ? 'is not allowed to be empty' : word}`);
      return value;
    }
    throw new LexError("missing ':' in substitution");
  }

  /** processName: letters, digits and `_`; or a run of digits; or one special parameter. */
  private name(): { name: string; special: boolean } {
    let name = '';
    for (let ch = this.peek(); ch !== EOF; ch = this.peek()) {
      if (name === '' && DIGIT.test(ch)) {
        while (this.peek() !== EOF && DIGIT.test(this.peek() as string)) name += this.next();
        return { name, special: true };
      }
      if (name === '' && SPECIAL_PARAMS.has(ch)) { this.next(); return { name: ch, special: true }; }
      if (!NAME_CHAR.test(ch)) break;
      name += this.next();
    }
    return { name, special: false };
  }
}

/** Expands one word (ProcessWord): whitespace is kept, quotes and escapes are removed. */
export function processWord(text: string, escape: string, lookup: VariableLookup, refs?: LexedReference[]): LexResult<string> {
  if (text.indexOf('$') < 0 && text.indexOf(escape) < 0 && text.indexOf('"') < 0 && text.indexOf("'") < 0) return { value: text };
  const scanner = new Scanner(text, escape, lookup, refs);
  try {
    return { value: scanner.processStopOn(EOF) };
  } catch (error) {
    if (error instanceof LexError) return { value: text, error: `failed to process ${JSON.stringify(text)}: ${error.message}` };
    throw error;
  }
}

/** Expands to several words (ProcessWords): unquoted whitespace, also from expansions, splits. */
export function processWords(text: string, escape: string, lookup: VariableLookup, refs?: LexedReference[]): LexResult<string[]> {
  const scanner = new Scanner(text, escape, lookup, refs);
  const words = new Words();
  try {
    scanner.processStopOn(EOF, words);
    return { value: words.finish() };
  } catch (error) {
    if (error instanceof LexError) return { value: text.split(/\s+/).filter(Boolean), error: `failed to process ${JSON.stringify(text)}: ${error.message}` };
    throw error;
  }
}
