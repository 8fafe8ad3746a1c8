// One explorer view: its TreeView (multi-select), its provider, and its filter, which shows in the
// view's description and, when it hides everything, in the view's message.
import * as vscode from 'vscode';
import { StatusTicker } from './statusTicker';
import { normaliseFilter } from './tree/filter';
import type { LiveTree } from './tree/liveTree';
import type { ViewNode } from './tree/viewNode';
import { ExplorerTreeProvider } from './treeProvider';

/** A tree whose contents a filter string narrows. */
export interface FilterableTree extends LiveTree {
  filter: string;
}

export class ExplorerView implements vscode.Disposable {
  readonly provider: ExplorerTreeProvider;
  readonly treeView: vscode.TreeView<ViewNode>;
  /** Re-renders relative status texts while the view is visible (no engine request). */
  readonly ticker: StatusTicker;
  private filterText = '';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly viewId: string,
    readonly tree: LiveTree,
    /** "containers": used in the "no match" message. */
    private readonly noun: string,
  ) {
    this.provider = new ExplorerTreeProvider(tree);
    this.treeView = vscode.window.createTreeView(viewId, { treeDataProvider: this.provider, canSelectMany: true, showCollapseAll: true });
    this.ticker = new StatusTicker(tree);
    this.ticker.setActive(this.treeView.visible);
    this.disposables.push(
      this.treeView,
      this.provider,
      this.ticker,
      this.treeView.onDidChangeVisibility((e) => this.ticker.setActive(e.visible)),
      { dispose: tree.onDidChange(() => this.updateMessage()).dispose },
    );
  }

  get filter(): string {
    return this.filterText;
  }

  get filterable(): boolean {
    return 'filter' in this.tree;
  }

  setFilter(text: string): void {
    if (!this.filterable) return;
    this.filterText = text.trim();
    (this.tree as FilterableTree).filter = normaliseFilter(this.filterText);
    this.treeView.description = this.filterText ? `filter: ${this.filterText}` : undefined;
    void vscode.commands.executeCommand('setContext', `${this.viewId}.filtered`, this.filterText !== '');
    // A user's own action: show the result now rather than after the debounce.
    this.tree.refresh();
    this.tree.flush();
  }

  private updateMessage(): void {
    // A message hides the welcome view, so set one only when the engine is up and the filter hid everything.
    const hidAll = this.filterText !== '' && this.tree.showsContent && this.tree.roots().length === 0;
    this.treeView.message = hidAll ? `No ${this.noun} match "${this.filterText}".` : undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
