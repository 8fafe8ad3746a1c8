// The standard Dockerfile editing features, from dockerfile-language-service rather than rewritten:
// completion, instruction docs on hover, formatting, folding, symbols, definition, and the
// library's quick fixes for its own diagnostics. (Highlights and rename come from references.ts:
// the library links equal names, not what the builder links.) What VS Code asks for by itself
// while the user types or moves the cursor (completion, hover, folding, the outline) is answered
// by the language worker; formatting and go-to-definition run here, at the user's request.
import * as vscode from 'vscode';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import * as lsp from 'vscode-languageserver-types';
import { dockerfileSelector } from './dockerfileDocuments';
import type { LanguageAnalysis } from './languageAnalysis';
import {
  fromPosition, fromRange, toCompletionItem, toFoldingRange, toMarkdown, toRange, toSymbol, toTextEdit,
} from './lspToVscode';

/** The library's diagnostics of the document's current version, from its last lint (or none yet). */
export type LibraryDiagnostics = (document: vscode.TextDocument) => lsp.Diagnostic[] | undefined;

export function registerEditingFeatures(analysis: LanguageAnalysis, libraryDiagnostics: LibraryDiagnostics): vscode.Disposable {
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  const id = (d: vscode.TextDocument): lsp.TextDocumentIdentifier => ({ uri: d.uri.toString() });
  const formatting = (o: vscode.FormattingOptions) => ({ tabSize: o.tabSize, insertSpaces: o.insertSpaces });

  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(dockerfileSelector, {
      async provideCompletionItems(document, position, token) {
        const items = await analysis.ask('completion', document, { position: fromPosition(position) }, token);
        return items?.map(toCompletionItem);
      },
    }, '=', '$', '-', '{'),
    vscode.languages.registerHoverProvider(dockerfileSelector, {
      async provideHover(document, position, token) {
        const hover = await analysis.ask('hover', document, { position: fromPosition(position) }, token);
        if (hover?.variable) {
          const markdown = new vscode.MarkdownString(hover.variable.markdown);
          markdown.isTrusted = false;
          return new vscode.Hover(markdown, toRange(hover.variable.range));
        }
        const library = hover?.library;
        return library ? new vscode.Hover(toMarkdown(library.contents), library.range && toRange(library.range)) : undefined;
      },
    }),
    vscode.languages.registerDocumentFormattingEditProvider(dockerfileSelector, {
      provideDocumentFormattingEdits: (document, options) => service.format(document.getText(), formatting(options)).map(toTextEdit),
    }),
    vscode.languages.registerDocumentRangeFormattingEditProvider(dockerfileSelector, {
      provideDocumentRangeFormattingEdits: (document, range, options) =>
        service.formatRange(document.getText(), fromRange(range), formatting(options)).map(toTextEdit),
    }),
    vscode.languages.registerFoldingRangeProvider(dockerfileSelector, {
      provideFoldingRanges: async (document, _context, token) => (await analysis.ask('folding', document, {}, token))?.map(toFoldingRange),
    }),
    vscode.languages.registerDocumentSymbolProvider(dockerfileSelector, {
      provideDocumentSymbols: async (document, token) => (await analysis.ask('symbols', document, {}, token))?.map((s) => toSymbol(s, document.uri)),
    }),
    vscode.languages.registerDefinitionProvider(dockerfileSelector, {
      provideDefinition(document, position) {
        const location = service.computeDefinition(id(document), document.getText(), fromPosition(position));
        return location ? new vscode.Location(vscode.Uri.parse(location.uri), toRange(location.range)) : undefined;
      },
    }),
    vscode.languages.registerCodeActionsProvider(dockerfileSelector, {
      provideCodeActions(document, range, context) {
        // The library's fixes are keyed by its own diagnostics (numeric codes): the lint worker
        // keeps them, so a cursor move costs no validation of the file here.
        const lspRange = fromRange(range);
        const diagnostics = (libraryDiagnostics(document) ?? []).filter((d) => overlaps(d.range, lspRange))
          .map((d) => ({ ...d, message: typeof d.message === 'string' ? d.message : d.message.value }));
        if (diagnostics.length === 0) return [];
        const text = document.getText();
        const commands = service.computeCodeActions(id(document), lspRange, { diagnostics });
        return commands.map((command) => {
          const action = new vscode.CodeAction(command.title, vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          for (const e of service.computeCommandEdits(text, command.command, command.arguments ?? [])) {
            action.edit.replace(document.uri, toRange(e.range), e.newText);
          }
          action.diagnostics = context.diagnostics.filter((d) => d.source === 'layerwise' && d.range.intersection(range));
          return action;
        });
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
}

function overlaps(a: lsp.Range, b: lsp.Range): boolean {
  const before = (p: lsp.Position, q: lsp.Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
