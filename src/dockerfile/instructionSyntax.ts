// Splits one logical line the way moby's parser does: keyword, leading `--flags`, then the
// arguments in the shape each instruction uses (key=value pairs, words, JSON array or a plain
// string). Pieces keep their offset in the logical line.

/** A piece of the logical line: its text as the builder sees it and where it starts. */
export interface Piece {
  text: string;
  start: number;
}

export interface SplitInstruction {
  keyword: Piece;
  flags: Piece[];
  /** The arguments after the flags, trimmed. */
  rest: Piece;
}

const WHITESPACE_RUN = /[\t\v\f\r ]+/g;
const IS_SPACE = /\s/u;

/** splitCommand + extractBuilderFlags. */
export function splitInstruction(text: string): SplitInstruction {
  let start = 0;
  while (start < text.length && IS_SPACE.test(text[start])) start++;
  let end = text.length;
  while (end > start && IS_SPACE.test(text[end - 1])) end--;
  let keywordEnd = start;
  while (keywordEnd < end && !' \t\v\f\r'.includes(text[keywordEnd])) keywordEnd++;
  const keyword = { text: text.slice(start, keywordEnd), start };
  let argsStart = keywordEnd;
  while (argsStart < end && ' \t\v\f\r'.includes(text[argsStart])) argsStart++;
  const { flags, restStart } = extractFlags(text.slice(0, end), argsStart);
  let restEnd = end;
  let s = restStart;
  while (s < restEnd && IS_SPACE.test(text[s])) s++;
  while (restEnd > s && IS_SPACE.test(text[restEnd - 1])) restEnd--;
  return { keyword, flags, rest: { text: text.slice(s, restEnd), start: s } };
}

/** Reads `--name[=value]` words from `from`; returns them and where the arguments start. */
function extractFlags(line: string, from: number): { flags: Piece[]; restStart: number } {
  const flags: Piece[] = [];
  let pos = from;
  for (;;) {
    while (pos < line.length && IS_SPACE.test(line[pos])) pos++;
    if (pos >= line.length) return { flags, restStart: line.length };
    if (line[pos] !== '-' || line[pos + 1] !== '-') return { flags, restStart: pos };
    const wordStart = pos;
    let word = '';
    let quote = '';
    let blankOk = false;
    for (; pos < line.length; pos++) {
      const ch = line[pos];
      if (quote) {
        if (ch === quote) { quote = ''; continue; }
        if (ch === '\\') { if (pos + 1 === line.length) { quote = ''; continue; } pos++; }
        word += line[pos];
        continue;
      }
      if (IS_SPACE.test(ch)) break;
      if (ch === "'" || ch === '"') { quote = ch; blankOk = true; continue; }
      if (ch === '\\') { if (pos + 1 === line.length) continue; pos++; }
      word += line[pos];
    }
    if (word === '--') return { flags, restStart: pos };
    if (blankOk || word.length > 0) flags.push({ text: word, start: wordStart });
  }
}

/** parseWords: whitespace-separated words; quotes and escapes are kept for the lexer. */
export function parseWords(rest: Piece, escape: string): Piece[] {
  const text = rest.text;
  const words: Piece[] = [];
  let word = '';
  let wordStart = -1;
  let quote = '';
  let blankOk = false;
  const flush = () => {
    if (blankOk || word.length > 0) words.push({ text: word, start: rest.start + wordStart });
    word = ''; wordStart = -1; blankOk = false;
  };
  for (let pos = 0; pos < text.length; pos++) {
    let ch = text[pos];
    if (wordStart < 0) {
      if (IS_SPACE.test(ch)) continue;
      wordStart = pos;
    }
    if (!quote) {
      if (IS_SPACE.test(ch)) { flush(); continue; }
      if (ch === "'" || ch === '"') { quote = ch; blankOk = true; }
      if (ch === escape) {
        if (pos + 1 === text.length) continue; // an escape at the end of the line is dropped
        word += ch;
        pos++;
        ch = text[pos];
      }
      word += ch;
      continue;
    }
    if (ch === quote) quote = '';
    // Inside single quotes the escape character is literal.
    if (ch === escape && quote !== "'") {
      if (pos + 1 === text.length) { quote = ''; continue; }
      word += ch;
      pos++;
      ch = text[pos];
    }
    word += ch;
  }
  if (wordStart >= 0) flush();
  return words;
}

export interface KeyValue {
  key: Piece;
  value: Piece;
}

/** parseNameVal (ENV, LABEL): `name=value ...`, or the legacy `name value with spaces`. */
export function parseNameValue(rest: Piece, escape: string, keyword: string): { pairs: KeyValue[]; legacy: boolean; error?: string } {
  const words = parseWords(rest, escape);
  if (words.length === 0) return { pairs: [], legacy: false, error: `${keyword} requires at least one argument` };
  if (!words[0].text.includes('=')) {
    const match = /[\t\v\f\r ]+/.exec(rest.text);
    if (!match) return { pairs: [], legacy: true, error: `${keyword} must have two arguments` };
    const valueStart = match.index + match[0].length;
    return {
      legacy: true,
      pairs: [{ key: { text: rest.text.slice(0, match.index), start: rest.start }, value: { text: rest.text.slice(valueStart), start: rest.start + valueStart } }],
    };
  }
  const pairs: KeyValue[] = [];
  for (const word of words) {
    const eq = word.text.indexOf('=');
    if (eq < 0) return { pairs, legacy: false, error: `Syntax error - can't find = in "${word.text}". Must be of the form: name=value` };
    pairs.push({ key: { text: word.text.slice(0, eq), start: word.start }, value: { text: word.text.slice(eq + 1), start: word.start + eq + 1 } });
  }
  return { pairs, legacy: false };
}

/** parseStringsWhitespaceDelimited (FROM, EXPOSE, non-JSON VOLUME/COPY/ADD). */
export function splitOnWhitespace(rest: Piece): Piece[] {
  if (rest.text === '') return [];
  const pieces: Piece[] = [];
  let last = 0;
  WHITESPACE_RUN.lastIndex = 0;
  for (let m = WHITESPACE_RUN.exec(rest.text); m; m = WHITESPACE_RUN.exec(rest.text)) {
    pieces.push({ text: rest.text.slice(last, m.index), start: rest.start + last });
    last = m.index + m[0].length;
  }
  pieces.push({ text: rest.text.slice(last), start: rest.start + last });
  return pieces;
}

export type JsonArray = { kind: 'json'; items: Piece[] } | { kind: 'not-json' } | { kind: 'error'; error: string };

/**
 * parseJSON: an array of strings at the start of the arguments. Like Go's json.Decoder it reads
 * the first JSON value and ignores what follows it; an array with a non-string is an error.
 */
export function parseJsonArray(rest: Piece): JsonArray {
  const text = rest.text;
  if (!text.startsWith('[')) return { kind: 'not-json' };
  const end = endOfJsonValue(text);
  if (end < 0) return { kind: 'not-json' };
  let parsed: unknown;
  try { parsed = JSON.parse(text.slice(0, end)); } catch { return { kind: 'not-json' }; }
  if (!Array.isArray(parsed)) return { kind: 'not-json' };
  if (!parsed.every((item) => typeof item === 'string')) {
    return { kind: 'error', error: 'when using JSON array syntax, arrays must be comprised of strings only' };
  }
  const items: Piece[] = [];
  let index = 0;
  for (let pos = 1; pos < end && index < parsed.length; pos++) {
    if (text[pos] !== '"') continue;
    const close = endOfJsonString(text, pos);
    // The piece's offsets point at the string's opening quote plus one; escapes shift them slightly.
    items.push({ text: parsed[index++] as string, start: rest.start + pos + 1 });
    pos = close - 1;
  }
  return { kind: 'json', items };
}

function endOfJsonString(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') { i++; continue; }
    if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** Index just past the bracketed value starting at 0, or -1 if it never closes. */
function endOfJsonValue(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') { const close = endOfJsonString(text, i); if (close < 0) return -1; i = close - 1; continue; }
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') { depth--; if (depth === 0) return i + 1; }
  }
  return -1;
}
