// The shell patterns of `${v#p}`, `${v%p}`, `${v/p/r}` as BuildKit's lexer
// (frontend/dockerfile/shell) matches them: `*` (shortest, or longest when greedy) and `?`, no
// bracket expressions (`[` is literal), `\` escaping `*`, `?` and `\` (and dropped before `}` and
// `/`); the regular expression semantics of Go (RE2, leftmost-first, `.` not matching `\n`), and
// Go's ReplaceAllString (empty matches next to a match are skipped, `$` in the replacement
// expands a group).

export class PatternError extends Error {}

/** convertShellPatternToRegex. */
export function shellPatternRegExp(pattern: string, greedy: boolean, anchored: boolean): RegExp {
  const chars = Array.from(pattern);
  let out = anchored ? '^' : '';
  const star = greedy ? '[^\\n]*' : '[^\\n]*?';
  for (let i = 0; i < chars.length; i++) {
    let tok = chars[i];
    if (tok === '*') { out += star; continue; }
    if (tok === '?') { out += '[^\\n]'; continue; }
    if (tok === '\\') {
      // `}` and `/` are escaped for the ${} syntax; the escape is not part of the pattern.
      if (chars[i + 1] === '}' || chars[i + 1] === '/') continue;
      out += '\\';
      tok = chars[++i] ?? '\uFFFD';
      if (tok !== '*' && tok !== '?' && tok !== '\\') throw new PatternError(`invalid escape '\\${tok}'`);
      out += tok;
      continue;
    }
    if ('[]{}.+()|^$'.includes(tok)) out += '\\';
    else if (tok === '/' || tok === '-') { out += tok; continue; }
    out += tok;
  }
  return new RegExp(out, 'u');
}

/** `${v#p}` / `${v##p}`: the shortest (longest) prefix matching the pattern removed. */
export function trimShellPrefix(pattern: string, value: string, greedy: boolean): string {
  const match = shellPatternRegExp(pattern, greedy, true).exec(value);
  return match ? value.slice(match.index + match[0].length) : value;
}

/** reversePattern: reversed, keeping each `\x` pair in order. */
function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const out: string[] = new Array(chars.length);
  const last = chars.length - 1;
  for (let i = 0; i <= last;) {
    if (chars[i] === '\\' && i !== last) {
      out[last - i - 1] = chars[i];
      out[last - i] = chars[i + 1];
      i += 2;
    } else {
      out[last - i] = chars[i];
      i++;
    }
  }
  return out.join('');
}

const reverse = (s: string) => Array.from(s).reverse().join('');

/** `${v%p}` / `${v%%p}`: as a prefix trim of the reversed value with the reversed pattern. */
export function trimShellSuffix(pattern: string, value: string, greedy: boolean): string {
  return reverse(trimShellPrefix(reversePattern(pattern), reverse(value), greedy));
}

/** Go's Regexp.Expand of a replacement: `$$`, `$name`, `${name}` (only group 0 exists here). */
function expand(template: string, match: string): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== '$') { out += template[i]; continue; }
    if (template[i + 1] === '$') { out += '$'; i++; continue; }
    let name: string | undefined;
    let end = i + 1;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      const inner = close < 0 ? '' : template.slice(i + 2, close);
      if (close >= 0 && /^[A-Za-z0-9_]+$/.test(inner)) { name = inner; end = close + 1; }
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (m) { name = m[0]; end = i + 1 + m[0].length; }
    }
    if (name === undefined) { out += '$'; continue; }
    if (/^[0-9]+$/.test(name) && Number(name) === 0) out += match;
    i = end - 1;
  }
  return out;
}

/** `${v/p/r}` (first match, replacement literal) and `${v//p/r}` (Go's ReplaceAllString). */
export function replaceShellPattern(value: string, pattern: string, replacement: string, all: boolean): string {
  const source = shellPatternRegExp(pattern, true, false).source;
  if (!all) {
    const match = new RegExp(source, 'u').exec(value);
    return match ? value.slice(0, match.index) + replacement + value.slice(match.index + match[0].length) : value;
  }
  // Go's Regexp.ReplaceAllString loop, step for step.
  const re = new RegExp(source, 'gu');
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= value.length) {
    re.lastIndex = searchPos;
    const match = re.exec(value);
    if (!match) break;
    const start = match.index;
    const end = start + match[0].length;
    out += value.slice(lastMatchEnd, start);
    // No replacement for an empty match right after another match.
    if (end > lastMatchEnd || start === 0) out += expand(replacement, match[0]);
    lastMatchEnd = end;
    const width = searchPos < value.length && value.codePointAt(searchPos)! > 0xffff ? 2 : 1;
    searchPos = searchPos + width > end ? searchPos + width : end;
  }
  return out + value.slice(lastMatchEnd);
}
