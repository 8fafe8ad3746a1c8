// What the linter needs to know about a Dockerfile's build context in the editor: the folder it
// sits in (the usual `docker build .`, and `layerwise lint`'s default), the files in it and the
// .dockerignore that applies, read by the same code as the CLI's (dockerfile/rules/buildContext)
// so that both report the same findings. The file listing is kept per folder and dropped when a
// file is created or deleted under it; the .dockerignore is read on each lint (debounced), so an
// edit to it counts at the next keystroke.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { LintOptions } from '../dockerfile/rules';
import { listContextFiles, readBuildContext } from '../dockerfile/rules/buildContext';

export class LintContexts implements vscode.Disposable {
  private readonly listings = new Map<string, string[]>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    const forget = (uri: vscode.Uri) => {
      for (const dir of this.listings.keys()) if (uri.fsPath === dir || uri.fsPath.startsWith(`${dir}/`)) this.listings.delete(dir);
    };
    this.subscriptions = [this.watcher, this.watcher.onDidCreate(forget), this.watcher.onDidDelete(forget)];
  }

  contextFor(document: vscode.TextDocument): LintOptions['context'] {
    if (document.uri.scheme !== 'file') return undefined;
    const dir = dirname(document.uri.fsPath);
    let files = this.listings.get(dir);
    if (!files) {
      files = listContextFiles(dir);
      this.listings.set(dir, files);
    }
    return readBuildContext(dir, document.uri.fsPath, files);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.listings.clear();
  }
}
