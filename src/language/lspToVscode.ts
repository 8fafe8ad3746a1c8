// Converts the Language Server Protocol shapes that dockerfile-language-service returns into
// VS Code's API objects. The library speaks LSP; the extension host speaks `vscode`.
import * as vscode from 'vscode';
import * as lsp from 'vscode-languageserver-types';

export function toPosition(p: lsp.Position): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function toRange(r: lsp.Range): vscode.Range {
  return new vscode.Range(toPosition(r.start), toPosition(r.end));
}

export function fromPosition(p: vscode.Position): lsp.Position {
  return { line: p.line, character: p.character };
}

export function fromRange(r: vscode.Range): lsp.Range {
  return { start: fromPosition(r.start), end: fromPosition(r.end) };
}

export function toSeverity(severity: lsp.DiagnosticSeverity | undefined): vscode.DiagnosticSeverity {
  switch (severity) {
    case lsp.DiagnosticSeverity.Error: return vscode.DiagnosticSeverity.Error;
    case lsp.DiagnosticSeverity.Information: return vscode.DiagnosticSeverity.Information;
    case lsp.DiagnosticSeverity.Hint: return vscode.DiagnosticSeverity.Hint;
    default: return vscode.DiagnosticSeverity.Warning;
  }
}

export function toTextEdit(edit: lsp.TextEdit): vscode.TextEdit {
  return new vscode.TextEdit(toRange(edit.range), edit.newText);
}

export function toMarkdown(content: lsp.MarkupContent | lsp.MarkedString | lsp.MarkedString[]): vscode.MarkdownString {
  const parts = Array.isArray(content) ? content : [content];
  const md = new vscode.MarkdownString();
  for (const part of parts) {
    if (typeof part === 'string') md.appendMarkdown(part);
    else if ('kind' in part) {
      if (part.kind === lsp.MarkupKind.Markdown) md.appendMarkdown(part.value);
      else md.appendText(part.value);
    } else md.appendCodeblock(part.value, part.language);
  }
  return md;
}

const completionKinds: Partial<Record<lsp.CompletionItemKind, vscode.CompletionItemKind>> = {
  [lsp.CompletionItemKind.Keyword]: vscode.CompletionItemKind.Keyword,
  [lsp.CompletionItemKind.Property]: vscode.CompletionItemKind.Property,
  [lsp.CompletionItemKind.Variable]: vscode.CompletionItemKind.Variable,
  [lsp.CompletionItemKind.Reference]: vscode.CompletionItemKind.Reference,
  [lsp.CompletionItemKind.Snippet]: vscode.CompletionItemKind.Snippet,
  [lsp.CompletionItemKind.Value]: vscode.CompletionItemKind.Value,
  [lsp.CompletionItemKind.Constant]: vscode.CompletionItemKind.Constant,
  [lsp.CompletionItemKind.Field]: vscode.CompletionItemKind.Field,
};

export function toCompletionItem(item: lsp.CompletionItem): vscode.CompletionItem {
  const result = new vscode.CompletionItem(item.label, completionKinds[item.kind ?? lsp.CompletionItemKind.Text] ?? vscode.CompletionItemKind.Text);
  if (item.detail) result.detail = item.detail;
  if (item.documentation) result.documentation = toMarkdown(item.documentation);
  if (item.sortText) result.sortText = item.sortText;
  if (item.filterText) result.filterText = item.filterText;
  if (item.deprecated || item.tags?.includes(lsp.CompletionItemTag.Deprecated)) result.tags = [vscode.CompletionItemTag.Deprecated];
  const edit = item.textEdit;
  if (edit) {
    const text = item.insertTextFormat === lsp.InsertTextFormat.Snippet ? new vscode.SnippetString(edit.newText) : edit.newText;
    result.insertText = text;
    result.range = 'range' in edit ? toRange(edit.range) : { inserting: toRange(edit.insert), replacing: toRange(edit.replace) };
  } else if (item.insertText) {
    result.insertText = item.insertTextFormat === lsp.InsertTextFormat.Snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
  }
  return result;
}

const symbolKinds: Partial<Record<lsp.SymbolKind, vscode.SymbolKind>> = {
  [lsp.SymbolKind.Function]: vscode.SymbolKind.Function,
  [lsp.SymbolKind.Variable]: vscode.SymbolKind.Variable,
  [lsp.SymbolKind.Class]: vscode.SymbolKind.Class,
  [lsp.SymbolKind.Property]: vscode.SymbolKind.Property,
};

export function toSymbol(symbol: lsp.SymbolInformation, uri: vscode.Uri): vscode.SymbolInformation {
  return new vscode.SymbolInformation(
    symbol.name,
    symbolKinds[symbol.kind] ?? vscode.SymbolKind.Function,
    symbol.containerName ?? '',
    new vscode.Location(uri, toRange(symbol.location.range)),
  );
}

export function toFoldingRange(range: lsp.FoldingRange): vscode.FoldingRange {
  const kind = range.kind === lsp.FoldingRangeKind.Comment ? vscode.FoldingRangeKind.Comment : undefined;
  return new vscode.FoldingRange(range.startLine, range.endLine, kind);
}
