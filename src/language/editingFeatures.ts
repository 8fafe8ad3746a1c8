// The standard Dockerfile editing features, from dockerfile-language-service rather than rewritten:
// completion, instruction docs on hover, formatting, folding, symbols, definition, and the
// library's quick fixes for its own diagnostics. (Highlights and rename come from references.ts:
// the library links equal names, not what the builder links.)
import * as vscode from 'vscode';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import * as lsp from 'vscode-languageserver-types';
import { dockerfileSelector } from './dockerfileDocuments';
import type { HoverSource } from './variableHover';
import {
  fromPosition, fromRange, toCompletionItem, toFoldingRange, toMarkdown, toRange, toSymbol, toTextEdit,
} from './lspToVscode';

/** `variableHover` answers first: the library's own variable hovers ignore ARG/ENV scoping. */
export function registerEditingFeatures(variableHover: HoverSource): vscode.Disposable {
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setCapabilities({
    completion: { completionItem: { snippetSupport: true, deprecatedSupport: true, documentationFormat: [lsp.MarkupKind.Markdown] } },
    hover: { contentFormat: [lsp.MarkupKind.Markdown] },
    foldingRange: { lineFoldingOnly: true },
  });
  const id = (d: vscode.TextDocument): lsp.TextDocumentIdentifier => ({ uri: d.uri.toString() });
  const formatting = (o: vscode.FormattingOptions) => ({ tabSize: o.tabSize, insertSpaces: o.insertSpaces });

  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(dockerfileSelector, {
      async provideCompletionItems(document, position) {
        const items = await service.computeCompletionItems(document.getText(), fromPosition(position));
        return items.map((item) => toCompletionItem(service.resolveCompletionItem(item)));
      },
    }, '=', '$', '-', '{'),
    vscode.languages.registerHoverProvider(dockerfileSelector, {
      provideHover(document, position) {
        const variable = variableHover(document, position);
        if (variable) return variable;
        const hover = service.computeHover(document.getText(), fromPosition(position));
        return hover ? new vscode.Hover(toMarkdown(hover.contents), hover.range && toRange(hover.range)) : undefined;
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
      provideFoldingRanges: (document) => service.computeFoldingRanges(document.getText()).map(toFoldingRange),
    }),
    vscode.languages.registerDocumentSymbolProvider(dockerfileSelector, {
      provideDocumentSymbols: (document) => service.computeSymbols(id(document), document.getText()).map((s) => toSymbol(s, document.uri)),
    }),
    vscode.languages.registerDefinitionProvider(dockerfileSelector, {
      provideDefinition(document, position) {
        const location = service.computeDefinition(id(document), document.getText(), fromPosition(position));
        return location ? new vscode.Location(vscode.Uri.parse(location.uri), toRange(location.range)) : undefined;
      },
    }),
    vscode.languages.registerCodeActionsProvider(dockerfileSelector, {
      provideCodeActions(document, range, context) {
        // The library's fixes are keyed by its own diagnostics (numeric codes), so re-validate
        // here and let it answer for the ones under the cursor.
        const text = document.getText();
        const lspRange = fromRange(range);
        const diagnostics = service.validate(text).filter((d) => overlaps(d.range, lspRange));
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
