// Heredocs (`RUN <<EOF`, `COPY <<EOF /dest`, several per line, `<<-` tab stripping, quoted names
// that turn expansion off) as current BuildKit's parser reads them (frontend/dockerfile/parser:
// heredocsFromLine, heredocFromMatch, the body loop of Parse; instructions: parseSourcesAndDest).
// The Docker 20.10 engine's BuildKit (0.8) and its classic builder predate them: this follows
// BuildKit's source and its tests (dockerfile_heredoc_test.go), not the engine.
import type { DocumentText } from './documentText';
import { parseJsonArray, splitInstruction } from './instructionSyntax';

/** Instructions whose line may open heredocs (also behind ONBUILD). */
const HEREDOC_INSTRUCTIONS: ReadonlySet<string> = new Set(['RUN', 'COPY', 'ADD']);

/** `^(\d*)<<(-?)\s*([^<]*)$`: a word that opens a heredoc. */
const HEREDOC_WORD = /^(\d*)<<(-?)\s*([^<]*)$/;

export interface HeredocMarker {
  /** The terminator, quotes removed (`EOF` for `<<"EOF"`). */
  name: string;
  /** False when any part of the name was quoted: the content is then taken literally. */
  expand: boolean;
  /** `<<-`: leading tabs are stripped from the body lines and the terminator. */
  chomp: boolean;
  fileDescriptor: number;
}

export interface Heredoc extends HeredocMarker {
  /** The body as BuildKit reads it: every line with its line break, terminator excluded. */
  content: string;
  /** Document offset of the first body character; content is the document text from there. */
  contentStart: number;
  /** 0-based line of the terminator. */
  terminatorLine: number;
}

/** Whether an instruction (its logical line) can carry heredocs: RUN/COPY/ADD not in JSON form. */
export function mayHaveHeredocs(lineText: string): boolean {
  if (!lineText.includes('<<')) return false;
  let split = splitInstruction(lineText);
  if (split.keyword.text.toUpperCase() === 'ONBUILD') split = splitInstruction(split.rest.text);
  if (!HEREDOC_INSTRUCTIONS.has(split.keyword.text.toUpperCase())) return false;
  return parseJsonArray(split.rest).kind !== 'json';
}

/**
 * Splits a line into words at unquoted blanks, quotes and escapes kept as written (the lexer
 * with RawQuotes and RawEscapes, and no variables: unset ones are kept as written).
 */
export function rawWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      word += ch;
      if (ch === quote) quote = '';
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) { words.push(word); word = ''; inWord = false; }
      continue;
    }
    inWord = true;
    if (ch === "'" || ch === '"') { quote = ch; word += ch; continue; }
    if (ch === '\\') { word += ch; if (i + 1 < line.length) word += line[++i]; continue; }
    word += ch;
  }
  if (inWord) words.push(word);
  return words;
}

/** The word with quotes removed and escapes applied (the lexer without RawQuotes); undefined if it is several words. */
function unquotedWord(text: string): string | undefined {
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) { quote = ''; continue; }
      if (ch === '\\' && quote === '"' && i + 1 < text.length && '"$\\'.includes(text[i + 1])) { out += text[++i]; continue; }
      out += ch;
      continue;
    }
    if (/\s/.test(ch)) return undefined;
    if (ch === "'" || ch === '"') { quote = ch; continue; }
    if (ch === '\\') { if (i + 1 < text.length) out += text[++i]; continue; }
    out += ch;
  }
  return out;
}

/** ParseHeredoc: the heredoc a single word opens, if it does. */
export function parseHeredocWord(word: string): HeredocMarker | undefined {
  const match = HEREDOC_WORD.exec(word);
  if (!match || match[3] === '') return undefined;
  const rest = match[3];
  const name = unquotedWord(rest);
  if (name === undefined || name === '') return undefined;
  const quotes = (s: string) => (s.match(/['"]/g) ?? []).length;
  return { name, expand: quotes(name) === quotes(rest), chomp: match[2] === '-', fileDescriptor: Number(match[1] || 0) };
}

/** heredocsFromLine: every heredoc the instruction's line opens, in order. */
export function heredocMarkers(lineText: string): HeredocMarker[] {
  const markers: HeredocMarker[] = [];
  for (const word of rawWords(lineText)) {
    const marker = parseHeredocWord(word);
    if (marker) markers.push(marker);
  }
  return markers;
}

/**
 * Reads the bodies after the instruction's last line: each runs to the line equal to its name
 * (leading tabs ignored for `<<-`). Returns the bodies and the last line consumed, or an error
 * when a body never ends.
 */
export function readHeredocBodies(doc: DocumentText, lastLine: number, markers: readonly HeredocMarker[]): { heredocs: Heredoc[]; lastLine: number; error?: string } {
  const heredocs: Heredoc[] = [];
  let line = lastLine;
  for (const marker of markers) {
    const contentStart = line + 1 < doc.lineCount ? doc.lineStarts[line + 1] : doc.text.length;
    let terminated = false;
    while (line + 1 < doc.lineCount) {
      line++;
      let candidate = doc.line(line);
      if (marker.chomp) candidate = candidate.replace(/^\t+/, '');
      if (candidate === marker.name) { terminated = true; break; }
    }
    if (!terminated) return { heredocs, lastLine: doc.lineCount - 1, error: 'unterminated heredoc' };
    const contentEnd = doc.lineStarts[line];
    heredocs.push({ ...marker, content: doc.text.slice(contentStart, contentEnd), contentStart, terminatorLine: line });
  }
  return { heredocs, lastLine: line };
}

/** ChompHeredocContent: leading tabs off every line. */
export function chompContent(content: string): string {
  return content.replace(/^\t+/gm, '');
}

/**
 * What a COPY/ADD heredoc source becomes: the file's content, after `<<-` stripping and, unless
 * the name was quoted, variable expansion with quotes kept and backslash escapes applied (BuildKit
 * expands it with SkipProcessQuotes). `expand` is the caller's processWord with `\` as escape.
 */
export function inlineFileContent(heredoc: Heredoc, expand: (text: string, offsets: Int32Array) => string): string {
  let text = heredoc.content;
  let offsets = Int32Array.from({ length: text.length + 1 }, (_, i) => heredoc.contentStart + i);
  if (heredoc.chomp) {
    let out = '';
    const kept: number[] = [];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\t' && (i === 0 || text[i - 1] === '\n')) { while (text[i] === '\t') i++; i--; continue; }
      out += text[i];
      kept.push(offsets[i]);
    }
    kept.push(offsets[text.length]);
    text = out;
    offsets = Int32Array.from(kept);
  }
  if (!heredoc.expand) return text;
  // Quotes are literal in the content: escape them so the word lexer keeps them.
  let escaped = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"' || text[i] === "'") { escaped += '\\'; map.push(offsets[i]); }
    escaped += text[i];
    map.push(offsets[i]);
  }
  map.push(offsets[text.length]);
  return expand(escaped, Int32Array.from(map));
}
