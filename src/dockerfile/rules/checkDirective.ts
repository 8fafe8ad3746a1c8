// BuildKit's inline control: a `# check=skip=Rule1,Rule2` (or `skip=all`) parser directive at the
// top of the Dockerfile turns rules off; `error=true` makes their warnings errors.
import type { LintContext } from './context';

/** `skip` holds lower-cased rule names: a rule's name is matched whatever its case. */
export interface CheckDirective { skip: Set<string>; skipAll: boolean; error: boolean }

export function checkDirective(context: LintContext): CheckDirective {
  const result: CheckDirective = { skip: new Set(), skipAll: false, error: false };
  for (const directive of context.parsed.getDirectives()) {
    if (directive.getName().toLowerCase() !== 'check') continue;
    // The whole rest of the line (dockerfile-ast's value stops at the first blank).
    const line = context.lines[directive.getRange().start.line] ?? '';
    const value = /^\s*#\s*check\s*=\s*(.*?)\s*$/i.exec(line)?.[1] ?? directive.getValue();
    for (const part of value.split(';')) {
      const eq = part.indexOf('=');
      const key = part.slice(0, eq < 0 ? part.length : eq).trim().toLowerCase();
      const value = eq < 0 ? '' : part.slice(eq + 1).trim();
      if (key === 'skip') {
        for (const name of value.split(',').map((n) => n.trim()).filter((n) => n !== '')) {
          if (name.toLowerCase() === 'all') result.skipAll = true; else result.skip.add(name.toLowerCase());
        }
      } else if (key === 'error') {
        result.error = value.toLowerCase() === 'true';
      }
    }
  }
  return result;
}

export function isSkipped(directive: CheckDirective, rule: string): boolean {
  return directive.skipAll || directive.skip.has(rule.toLowerCase());
}
