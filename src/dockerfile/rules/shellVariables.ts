// Finds the variables a shell (`/bin/sh -c`) would expand in a command: `$NAME` and `${NAME...}`,
// not inside single quotes, not escaped with a backslash. The builder does not expand RUN, CMD,
// ENTRYPOINT or HEALTHCHECK: the shell does, with the environment the builder (RUN) or the
// container runtime (CMD...) gives it. Also finds the names the command assigns itself
// (`X=1`, `export X=`, `for X in`, `read X`), which are then defined whatever the environment.

export interface ShellReference {
  name: string;
  /** Offsets in the scanned text: the `$` and just past the reference. */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  /** `${X:-d}`, `${X-d}`, `${X:=d}`, `${X=d}`: the command supplies its own value when unset. */
  hasDefault: boolean;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

export function shellReferences(text: string): ShellReference[] {
  const found: ShellReference[] = [];
  let singleQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (singleQuoted) { if (ch === "'") singleQuoted = false; continue; }
    if (ch === "'") { singleQuoted = !insideDoubleQuotes(text, i); continue; }
    if (ch === '\\') { i++; continue; }
    if (ch !== '$') continue;
    const next = text[i + 1];
    if (next === '{') {
      let p = i + 2;
      if (text[p] === '#' || text[p] === '!') p++; // ${#X} length, ${!X} indirection: X is still read
      const nameStart = p;
      if (!NAME_START.test(text[p] ?? '')) continue;
      while (p < text.length && NAME_CHAR.test(text[p])) p++;
      const nameEnd = p;
      const operator = text.slice(p, p + 2);
      const hasDefault = /^:?[-=]/.test(operator);
      const close = text.indexOf('}', p);
      const end = close < 0 ? p : close + 1;
      found.push({ name: text.slice(nameStart, nameEnd), start: i, end, nameStart, nameEnd, hasDefault });
    } else if (next !== undefined && NAME_START.test(next)) {
      let p = i + 1;
      while (p < text.length && NAME_CHAR.test(text[p])) p++;
      found.push({ name: text.slice(i + 1, p), start: i, end: p, nameStart: i + 1, nameEnd: p, hasDefault: false });
      i = p - 1;
    }
  }
  return found;
}

/** Whether offset `at` is inside a double-quoted string (where `'` is literal). */
function insideDoubleQuotes(text: string, at: number): boolean {
  let inDouble = false;
  let inSingle = false;
  for (let i = 0; i < at; i++) {
    const ch = text[i];
    if (inSingle) { if (ch === "'") inSingle = false; continue; }
    if (ch === '\\') { i++; continue; }
    if (ch === '"') inDouble = !inDouble;
    else if (ch === "'" && !inDouble) inSingle = true;
  }
  return inDouble;
}

/** Names the command itself assigns, so that their later use does not depend on the environment. */
export function shellAssignedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s;&|(`])(?:export\s+|local\s+|readonly\s+|declare\s+(?:-\w+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)(?:\+)?=/g)) names.add(m[1]);
  for (const m of text.matchAll(/\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g)) names.add(m[1]);
  // `read [-r] [-p prompt] NAME...`: the names after the options (some options take a value).
  for (const m of text.matchAll(/\bread\s+([^;&|)\n]*)/g)) {
    const words = m[1].trim().split(/\s+/);
    for (let i = 0; i < words.length; i++) {
      if (words[i].startsWith('-')) { if (/^-[adnNptu]$/.test(words[i])) i++; continue; }
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(words[i])) names.add(words[i]);
    }
  }
  return names;
}
