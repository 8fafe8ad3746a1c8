// Inlay hints with a variable's value where it is expanded: what `${NODE_VERSION}` stands for on
// that line, as the builder (or, in a RUN, the step's shell) gets it. `${NAME:-default}` and
// `${NAME:+alt}` show what the whole expression expands to. Not in CMD, ENTRYPOINT or
// HEALTHCHECK: they run in the container, where the environment is the container's.
import { processWord } from '..';
import type { Position, ScopeVariable } from '..';
import { DocumentText } from '../documentText';
import type { SymbolIndex } from './symbolIndex';

const RUNTIME = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export interface ValueHint {
  /** Just after the expression. */
  position: Position;
  name: string;
  /** What the expression expands to. */
  value: string;
  /** The variable it read (absent when it is not defined: only a default applied). */
  variable?: ScopeVariable;
  /** The expression as written. */
  expression: string;
}

export function valueHints(text: string, index: SymbolIndex, escape: string): ValueHint[] {
  const doc = new DocumentText(text);
  const hints: ValueHint[] = [];
  for (const occurrence of index.occurrences) {
    const { instruction, expression } = occurrence;
    if (occurrence.role !== 'reference' || !instruction || !expression || RUNTIME.has(instruction.keyword)) continue;
    if (expression.start.line !== expression.end.line) continue;
    const name = index.symbols[occurrence.symbol].name;
    const written = doc.line(expression.start.line).slice(expression.start.character, expression.end.character);
    const variable = instruction.scope.get(name);
    // A plain `$NAME` of an undefined name is the UndefinedVar diagnostic's business, not a hint's.
    if (!variable && !/^\$\{[^}]*:[-+]/.test(written)) continue;
    const value = written.startsWith('${') ? processWord(written, escape, (n) => instruction.scope.get(n)?.value).value : variable?.value ?? '';
    hints.push({ position: expression.end, name, value, expression: written, ...(variable ? { variable } : {}) });
  }
  return hints;
}
