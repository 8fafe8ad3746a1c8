// Long lists a confirmation can only start ("a, b, c and 268 more") shown in full, as a read-only
// document of its own URI scheme (no untitled buffer that asks to be saved when closed).
import * as vscode from 'vscode';

export const LIST_SCHEME = 'layerwise-list';

export class ListDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Opens `lines` under `title` beside the current editor and returns the document. */
  async show(title: string, lines: readonly string[]): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({ scheme: LIST_SCHEME, path: `/${title.replace(/[/\\:?#]+/g, '_')}.txt`, query: String(++this.count) });
    this.texts.set(uri.toString(), `${title}\n\n${lines.join('\n')}\n`);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true, preserveFocus: false });
    return document;
  }

  dispose(): void {
    this.texts.clear();
  }
}
