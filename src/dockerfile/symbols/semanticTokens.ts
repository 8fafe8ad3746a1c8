// Semantic tokens for a Dockerfile's names, from the symbol index: build stages, ENV variables,
// ARGs, ARGs whose value is a build arg, and names that are not defined where they are expanded,
// each its own token type, so a theme (or the user's `editor.semanticTokenColorCustomizations`)
// tells them apart. Pure; the VS Code adapter only encodes them.
import type { Range } from '..';
import type { SymbolIndex, VariableKind } from './symbolIndex';

/** The legend, in order. Custom types are declared in package.json with a standard super type. */
export const TOKEN_TYPES = ['stage', 'variable', 'parameter', 'buildArg', 'undefinedVariable'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary', 'global'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  range: Range;
  type: TokenType;
  modifiers: TokenModifier[];
}

const byKind: Record<VariableKind, { type: TokenType; modifiers: TokenModifier[] }> = {
  'env': { type: 'variable', modifiers: [] },
  'base-env': { type: 'variable', modifiers: ['defaultLibrary'] },
  'arg': { type: 'parameter', modifiers: [] },
  'global-arg': { type: 'parameter', modifiers: ['global'] },
  'build-arg': { type: 'buildArg', modifiers: [] },
  'predefined-arg': { type: 'buildArg', modifiers: ['defaultLibrary'] },
  'undefined': { type: 'undefinedVariable', modifiers: [] },
};

/** One token per occurrence of a name, in document order. Stage indexes (`--from=0`) are left alone. */
export function semanticTokens(index: SymbolIndex): SemanticToken[] {
  const tokens: SemanticToken[] = [];
  for (const occurrence of index.occurrences) {
    if (occurrence.byIndex || occurrence.range.start.line !== occurrence.range.end.line) continue;
    const symbol = index.symbols[occurrence.symbol];
    const declaration: TokenModifier[] = occurrence.role === 'definition' ? ['declaration'] : [];
    if (symbol.kind === 'stage') {
      tokens.push({ range: occurrence.range, type: 'stage', modifiers: declaration });
    } else {
      const { type, modifiers } = byKind[occurrence.kind ?? 'undefined'];
      tokens.push({ range: occurrence.range, type, modifiers: [...declaration, ...modifiers] });
    }
  }
  return tokens;
}
