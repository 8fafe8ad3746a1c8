// References, document highlights and rename for variables and build stages, all from one symbol
// index (src/dockerfile/symbols): what the builder links, not every equal word. Renaming the
// global `ARG VERSION` also renames a stage's `ARG VERSION` that takes its value, and leaves a
// `'$VERSION'` the shell never expands alone. Highlights, which VS Code asks for at every cursor
// move, come from the language worker's copy of the index; references and rename, asked for by
// the user, use this thread's.
import * as vscode from 'vscode';
import { occurrenceAt, occurrencesOf, SymbolIndex, SymbolOccurrence } from '../dockerfile/symbols/symbolIndex';
import { dockerfileSelector } from './dockerfileDocuments';
import type { SymbolIndexCache } from './symbolIndexCache';
import type { LanguageAnalysis } from './languageAnalysis';
import { fromPosition, toRange } from './lspToVscode';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** BuildKit's stage-name rule (lower case is what StageNameCasing asks for). */
const STAGE_NAME = /^[a-zA-Z][a-zA-Z0-9\-_.]*$/;

function at(indexes: SymbolIndexCache, document: vscode.TextDocument, position: vscode.Position): { index: SymbolIndex; occurrence: SymbolOccurrence } | undefined {
  const { index } = indexes.get(document);
  const occurrence = occurrenceAt(index, { line: position.line, character: position.character });
  return occurrence ? { index, occurrence } : undefined;
}

/** Where a variable's occurrences are read: 'g' for global ARGs and FROM lines, else the stage. */
function scopesOf(occurrences: SymbolOccurrence[]): Set<string> {
  return new Set(occurrences.map((o) => (!o.instruction || o.instruction.keyword === 'FROM' || o.instruction.stage < 0 ? 'g' : String(o.instruction.stage))));
}

/** Why `newName` cannot replace the symbol's name, if it cannot. */
export function renameProblem(index: SymbolIndex, symbol: number, newName: string): string | undefined {
  const target = index.symbols[symbol];
  if (target.kind === 'stage') {
    if (!STAGE_NAME.test(newName)) return `"${newName}" is not a valid stage name: start with a letter, then letters, digits, "-", "_" or "."`;
    if (index.symbols.some((s, i) => i !== symbol && s.kind === 'stage' && s.name === newName.toLowerCase())) return `a stage named "${newName.toLowerCase()}" already exists`;
    return undefined;
  }
  if (!VARIABLE_NAME.test(newName)) return `"${newName}" is not a valid variable name: letters, digits and "_", not starting with a digit`;
  const mine = scopesOf(occurrencesOf(index, symbol));
  const clash = index.symbols.findIndex((s, i) => i !== symbol && s.kind === 'variable' && s.name === newName
    && [...scopesOf(occurrencesOf(index, i))].some((scope) => mine.has(scope)));
  return clash >= 0 ? `"${newName}" is already a variable where ${target.name} is used: renaming would merge them` : undefined;
}

/** The symbol under the cursor if it can be renamed; else a clear reason (VS Code shows it). */
function renameable(indexes: SymbolIndexCache, document: vscode.TextDocument, position: vscode.Position): { index: SymbolIndex; occurrence: SymbolOccurrence } {
  const found = at(indexes, document, position);
  if (!found || found.occurrence.byIndex) throw new Error('Only build stages and variables can be renamed.');
  const symbol = found.index.symbols[found.occurrence.symbol];
  if (!symbol.definedHere) throw new Error(`${symbol.name} is not defined in this Dockerfile (it comes from the base image, the engine or nowhere): there is nothing to rename.`);
  return found;
}

export function registerReferences(indexes: SymbolIndexCache, analysis: LanguageAnalysis): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerReferenceProvider(dockerfileSelector, {
      provideReferences(document, position, context) {
        const found = at(indexes, document, position);
        if (!found) return [];
        return occurrencesOf(found.index, found.occurrence.symbol)
          .filter((o) => context.includeDeclaration || o.role !== 'definition')
          .map((o) => new vscode.Location(document.uri, toRange(o.range)));
      },
    }),
    vscode.languages.registerDocumentHighlightProvider(dockerfileSelector, {
      async provideDocumentHighlights(document, position, token) {
        const highlights = await analysis.ask('highlights', document, { position: fromPosition(position) }, token);
        return highlights?.map((h) => new vscode.DocumentHighlight(toRange(h.range), h.write ? vscode.DocumentHighlightKind.Write : vscode.DocumentHighlightKind.Read));
      },
    }),
    vscode.languages.registerRenameProvider(dockerfileSelector, {
      prepareRename(document, position) {
        const found = renameable(indexes, document, position);
        return { range: toRange(found.occurrence.range), placeholder: document.getText(toRange(found.occurrence.range)) };
      },
      provideRenameEdits(document, position, newName) {
        const found = renameable(indexes, document, position);
        const problem = renameProblem(found.index, found.occurrence.symbol, newName);
        if (problem) throw new Error(problem);
        const edit = new vscode.WorkspaceEdit();
        for (const o of occurrencesOf(found.index, found.occurrence.symbol)) {
          if (!o.byIndex) edit.replace(document.uri, toRange(o.range), newName); // `--from=0` still names the same stage
        }
        return edit;
      },
    }),
  );
}
