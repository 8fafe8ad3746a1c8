// ExpansionError: a word the builder cannot expand fails the build — an unclosed quote, an
// unsupported `${...}` form (`${v:=w}`, `${#v}`), a `${v?msg}` / `${v:?msg}` whose variable is
// unset (or empty): the message is the lexer's, word for word (current BuildKit's lexer, see
// src/dockerfile/shellLexer.ts). Read from the build model, which expands every word.
import { defineRule, RuleFinding } from './rule';

export const expansionError = defineRule({
  name: 'ExpansionError',
  description: 'A word the builder expands fails to expand, which fails the build',
  defaultSeverity: 'error',
}, (context) => context.model.problems
  .filter((p) => p.severity === 'error' && p.message.startsWith('failed to process '))
  .map((p): RuleFinding => ({ range: p.range, message: p.message })));
