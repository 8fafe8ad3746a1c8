// The `$NAME` / `${NAME...}` a shell will expand in a RUN, CMD, ENTRYPOINT or HEALTHCHECK written
// in shell form. The builder leaves these words alone and the command's shell expands them with
// the environment the step sees, so they are references to the Dockerfile's ARG and ENV just
// the same. Read from the raw text, the way the builder joins the lines first: the escape
// character at a line end continues the line, comment lines inside the instruction vanish; then
// as the shell reads it: nothing inside single quotes, nor after an unquoted `#` comment, nor
// after a backslash escape. Heredoc bodies are shell text too, unless the delimiter is quoted
// and the body is data for a command rather than the script itself.
import type { DocumentText } from '../documentText';

export interface ShellReference {
  name: string;
  /** Offsets into the document: the `$` to just past the reference, and the name itself. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
}

/** A region of the document read as shell text: [start, end) offsets, one logical line or a body. */
export interface ShellRegion {
  start: number;
  end: number;
  /** The command line of an instruction (continuations and comment lines as the builder joins them). */
  dockerfileLine: boolean;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Finds the variable references in `region` of `doc`; `escape` is the Dockerfile's escape character. */
export function shellReferences(doc: DocumentText, region: ShellRegion, escape: string): ShellReference[] {
  const text = doc.text;
  const refs: ShellReference[] = [];
  let quote: '' | "'" | '"' = '';
  let i = region.start;
  let lineStart = true; // at the start of a physical line (after leading whitespace)
  const end = Math.min(region.end, text.length);
  while (i < end) {
    const ch = text[i];
    if (ch === '\n') {
      i++;
      lineStart = true;
      // A shell comment or an unquoted newline ends here only in a body; a Dockerfile line goes on
      // only after a continuation, which is consumed below.
      if (region.dockerfileLine) break;
      continue;
    }
    if (lineStart && region.dockerfileLine && i > region.start) {
      // Comment lines inside a continued instruction are removed by the builder.
      let j = i;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '#' || text[j] === '\n' || text[j] === '\r') {
        const eol = text.indexOf('\n', j);
        i = eol < 0 ? end : eol + 1;
        continue;
      }
    }
    lineStart = false;
    if (region.dockerfileLine && ch === escape && isLineEnd(text, i + 1)) {
      // A continuation: the logical line goes on at the next physical line.
      const eol = text.indexOf('\n', i);
      if (eol < 0) break;
      i = eol + 1;
      lineStart = true;
      continue;
    }
    if (quote !== "'" && ch === '\\') { i += 2; continue; }
    if (quote === '' && ch === "'") { quote = "'"; i++; continue; }
    if (quote === "'" && ch === "'") { quote = ''; i++; continue; }
    if (quote !== "'" && ch === '"') { quote = quote === '"' ? '' : '"'; i++; continue; }
    if (quote === '' && ch === '#' && (i === region.start || /[\s;&|(]/.test(text[i - 1]))) {
      // A shell comment: to the end of the logical line (a continuation joins the next line into it).
      if (!region.dockerfileLine) {
        const eol = text.indexOf('\n', i);
        i = eol < 0 ? end : eol;
        continue;
      }
      break;
    }
    if (quote !== "'" && ch === '$') {
      const ref = referenceAt(text, i, end);
      if (ref) refs.push(ref);
      // Go on right after the name: `${A:-$B}` holds a reference to B as well.
      i = ref ? ref.nameEnd : i + 1;
      continue;
    }
    i++;
  }
  return refs;
}

function isLineEnd(text: string, from: number): boolean {
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '\n') return true;
    if (c === '\r' && (j + 1 === text.length || text[j + 1] === '\n')) return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

function referenceAt(text: string, dollar: number, end: number): ShellReference | undefined {
  const braced = text[dollar + 1] === '{';
  const nameStart = dollar + (braced ? 2 : 1);
  if (!NAME_START.test(text[nameStart] ?? '')) return undefined;
  let nameEnd = nameStart + 1;
  while (nameEnd < end && NAME_CHAR.test(text[nameEnd])) nameEnd++;
  const name = text.slice(nameStart, nameEnd);
  if (!braced) return { name, start: dollar, end: nameEnd, nameStart, nameEnd };
  // `${...}`: to the matching brace on the same line (nested `${}` counted).
  let depth = 1;
  let j = nameEnd;
  for (; j < end && text[j] !== '\n'; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) break;
  }
  const close = j < end && text[j] === '}' ? j + 1 : nameEnd;
  return { name, start: dollar, end: close, nameStart, nameEnd };
}
