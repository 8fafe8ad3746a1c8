// Word expansion exactly as current BuildKit's lexer does it (`frontend/dockerfile/shell`, which
// Docker 23+'s classic builder uses too): quotes, the escape character, `$v`, `${v}`, `${v-w}`,
// `${v:-w}`, `${v+w}`, `${v:+w}`, `${v?msg}`, `${v:?msg}` (an error with the message),
// `${v#p}`, `${v##p}`, `${v%p}`, `${v%%p}`, `${v/p/r}`, `${v//p/r}` with shell patterns
// (./shellPattern.ts), and `<<` kept together with the blanks after it. Anything else
// (`${v:=w}`, `${#v}`, `${v:#p}`...) is the error BuildKit reports.
//
// `forms: 'moby-20.10'` is the lexer of the engine here (Docker 20.10, whose classic builder and
// built-in BuildKit predate those forms): only `$v`, `${v}`, `${v:-w}`, `${v:+w}`, `${v:?w}`, every
// other form an error ("missing ':' in substitution"). test/engine/lint shows the engine refusing them.
import { PatternError, replaceShellPattern, trimShellPrefix, trimShellSuffix } from './shellPattern';

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
  /**
   * The operator of `${name<op>...}`: `-`, `+`, `?` (also after `:`, see `colon`), `#`, `##`,
   * `%`, `%%`, `/`, `//`; undefined for `$name` / `${name}`.
   */
  modifier?: string;
  /** `${name:-w}`, `${name:+w}`, `${name:?w}`: an empty value counts as unset. */
  colon?: boolean;
  /** Whether the name was defined when the builder expanded it. */
  defined: boolean;
  /** Set for `$1`, `$@` and the like: never defined, silently empty. */
  special?: boolean;
}

export interface LexOptions {
  /** Whose lexer: current BuildKit's (the default), or Docker 20.10's older one. */
  forms?: 'current' | 'moby-20.10';
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
  /** Keep the escape character in the result (the pattern words of `#`, `%` and `/`). */
  private rawEscapes = false;
  private readonly current: boolean;
  constructor(private readonly text: string, private readonly escape: string,
    private readonly lookup: VariableLookup, private readonly refs: LexedReference[] | undefined, options: LexOptions = {}) {
    this.current = options.forms !== 'moby-20.10';
  }

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
  processStopOn(stop: string | typeof EOF, words?: Words, rawEscapes = this.rawEscapes): string {
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      return this.stopOn(stop, words);
    } finally {
      this.rawEscapes = saved;
    }
  }

  private stopOn(stop: string | typeof EOF, words?: Words): string {
    let result = '';
    for (let ch = this.peek(); ch !== EOF; ch = this.peek()) {
      if (stop !== EOF && ch === stop) { this.next(); return result; }
      if (ch === '<' && this.current) {
        const piece = this.possibleHeredoc();
        result += piece;
        words?.addRaw(piece);
        continue;
      }
      if (ch === "'" || ch === '"' || ch === '$') {
        const piece = ch === "'" ? this.singleQuote() : ch === '"' ? this.doubleQuote() : this.dollar();
        result += piece;
        if (words) { if (ch === '$') words.addString(piece); else words.addRaw(piece); }
        continue;
      }
      let c = this.next() as string;
      if (c === this.escape) {
        if (this.rawEscapes) { words?.addRaw(c); result += c; }
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
        if (this.rawEscapes) result += c;
        const after = this.peek();
        if (after === EOF) continue; // an escape at the very end is ignored
        // Only ", $ and the escape itself can be escaped; any other escape stays as written.
        if (after === '"' || after === '$' || after === this.escape) c = this.next() as string;
      }
      result += c;
    }
  }

  /** processPossibleHeredoc: `<<` and the blanks after it stay one piece of a word. */
  private possibleHeredoc(): string {
    this.next();
    if (this.peek() !== '<') return '<';
    this.next();
    let result = '<<';
    while (this.peek() === '\t' || this.peek() === '\r' || this.peek() === ' ') result += this.next();
    return result;
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
    let ch = this.next();
    const ref = (modifier: string | undefined, colon: boolean, found: string | undefined) => this.refs?.push({
      name, start, end: this.pos, nameStart, nameEnd, defined: found !== undefined,
      ...(modifier ? { modifier } : {}), ...(colon ? { colon } : {}), ...(special ? { special } : {}),
    });
    if (ch === '}') {
      const value = this.lookup(name);
      ref(undefined, false, value);
      return value ?? '';
    }
    if (!this.current) return this.legacyModifier(ch, name, ref);
    // Go prints a missing character (end of text) as the replacement character.
    let chs = ch === EOF ? '\uFFFD' : ch;
    let colon = false;
    if (ch === ':') {
      colon = true;
      ch = this.next();
      chs += ch === EOF ? '\uFFFD' : ch;
    }
    if (colon || ch === '+' || ch === '-' || ch === '?' || ch === '#' || ch === '%') {
      const raw = ch === '#' || ch === '%';
      if (colon && raw) throw new LexError(`unsupported modifier (${chs}) in substitution`);
      let word = this.braceWord('}', raw);
      const found = this.lookup(name);
      const value = found ?? '';
      const unset = found === undefined || (colon && value === '');
      switch (ch) {
        case '-': ref('-', colon, found); return unset ? word : value;
        case '+': ref('+', colon, found); return unset ? '' : word;
        case '?':
          ref('?', colon, found);
          if (found === undefined) throw new LexError(`${name}: ${word === '' ? 'is not allowed to be unset' : word}`);
          if (colon && value === '') throw new LexError(`${name}: ${word === '' ? 'is not allowed to be empty' : word}`);
          return value;
        case '#': case '%': {
          // `#`/`%` the shortest match, `##`/`%%` the longest.
          const greedy = word.startsWith(ch);
          if (greedy) word = word.slice(1);
          ref(greedy ? `${ch}${ch}` : ch, false, found);
          return this.pattern(word, () => (ch === '%' ? trimShellSuffix(word, value, greedy) : trimShellPrefix(word, value, greedy)));
        }
        default:
          throw new LexError(`unsupported modifier (${chs}) in substitution`);
      }
    }
    if (ch === '/') {
      const all = this.peek() === '/';
      if (all) this.next();
      let pattern: string;
      try {
        pattern = this.processStopOn('/', undefined, true);
      } catch (error) {
        if (this.peek() === EOF) throw new LexError("syntax error: missing '/' in ${}");
        throw error;
      }
      const replacement = this.braceWord('}', true);
      const found = this.lookup(name);
      ref(all ? '//' : '/', false, found);
      return this.pattern(pattern, () => replaceShellPattern(found ?? '', pattern, replacement, all));
    }
    throw new LexError(`unsupported modifier (${chs}) in substitution`);
  }

  /** The word of `${name<op>word}`, up to the closing brace. */
  private braceWord(stop: string, raw: boolean): string {
    try {
      return this.processStopOn(stop, undefined, raw);
    } catch (error) {
      if (this.peek() === EOF) throw new LexError("syntax error: missing '}'");
      throw error;
    }
  }

  private pattern(pattern: string, apply: () => string): string {
    try {
      return apply();
    } catch (error) {
      if (error instanceof PatternError) throw new LexError(`invalid pattern (${pattern}) in substitution: ${error.message}`);
      throw error;
    }
  }

  /** Docker 20.10's lexer: after the name, only `:-`, `:+` and `:?`. */
  private legacyModifier(ch: string | typeof EOF, name: string, ref: (modifier: string | undefined, colon: boolean, found: string | undefined) => void): string {
    if (ch !== ':') throw new LexError("missing ':' in substitution");
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
    ref(modifier, true, found);
    if (modifier === '+') return value !== '' ? word : value;
    if (modifier === '-') return value === '' ? word : value;
    if (found === undefined) throw new LexError(`${name}: ${word === '' ? 'is not allowed to be unset' : word}`);
    if (value === '') throw new LexError(`${name}: ${word === '' ? 'is not allowed to be empty' : word}`);
    return value;
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
export function processWord(text: string, escape: string, lookup: VariableLookup, refs?: LexedReference[], options?: LexOptions): LexResult<string> {
  if (text.indexOf('$') < 0 && text.indexOf(escape) < 0 && text.indexOf('"') < 0 && text.indexOf("'") < 0) return { value: text };
  const scanner = new Scanner(text, escape, lookup, refs, options);
  try {
    return { value: scanner.processStopOn(EOF) };
  } catch (error) {
    if (error instanceof LexError) return { value: text, error: `failed to process ${JSON.stringify(text)}: ${error.message}` };
    throw error;
  }
}

/** Expands to several words (ProcessWords): unquoted whitespace, also from expansions, splits. */
export function processWords(text: string, escape: string, lookup: VariableLookup, refs?: LexedReference[], options?: LexOptions): LexResult<string[]> {
  const scanner = new Scanner(text, escape, lookup, refs, options);
  const words = new Words();
  try {
    scanner.processStopOn(EOF, words);
    return { value: words.finish() };
  } catch (error) {
    if (error instanceof LexError) return { value: text.split(/\s+/).filter(Boolean), error: `failed to process ${JSON.stringify(text)}: ${error.message}` };
    throw error;
  }
}
