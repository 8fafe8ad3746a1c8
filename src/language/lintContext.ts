// What the lint worker needs to know about a Dockerfile's build context in the editor: the folder
// it sits in (the usual `docker build .`, and `layerwise lint`'s default) and the Dockerfile's path
// (for a `<Dockerfile>.dockerignore` beside it). The worker lists the folder's files and reads the
// .dockerignore with the same code as the CLI (dockerfile/rules/buildContext), so both report the
// same findings; this side tells it when a file under a folder was created or deleted.
import { dirname } from 'node:path';
import * as vscode from 'vscode';

export interface LintContext {
  readonly dir: string;
  readonly dockerfile: string;
}

export class LintContexts implements vscode.Disposable {
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  private readonly subscriptions: vscode.Disposable[];

  constructor(forget: (path: string) => void) {
    const changed = (uri: vscode.Uri) => { if (uri.scheme === 'file') forget(uri.fsPath); };
    this.subscriptions = [this.watcher, this.watcher.onDidCreate(changed), this.watcher.onDidDelete(changed)];
  }

  contextFor(document: vscode.TextDocument): LintContext | undefined {
    if (document.uri.scheme !== 'file') return undefined;
    return { dir: dirname(document.uri.fsPath), dockerfile: document.uri.fsPath };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
