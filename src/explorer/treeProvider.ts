// The VS Code side of a tree: turns the vscode-free ViewNodes into TreeItems, forwards the live
// tree's changes (only the changed nodes, or the root) and resolves Markdown tooltips on hover.
import * as vscode from 'vscode';
import type { LiveTree } from './tree/liveTree';
import type { ViewNode } from './tree/viewNode';

const COLLAPSIBLE: Record<NonNullable<ViewNode['collapsible']>, vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewNode | ViewNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(readonly tree: LiveTree) {
    this.subscription = tree.onDidChange((nodes) => this.changed.fire(nodes === undefined ? undefined : [...nodes]));
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, COLLAPSIBLE[node.collapsible ?? 'none']);
    item.id = node.id;
    item.description = node.description;
    item.contextValue = node.contextValue;
    if (node.icon) {
      item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    }
    // tooltip stays undefined so VS Code asks resolveTreeItem when the user hovers.
    return item;
  }

  getChildren(node?: ViewNode): vscode.ProviderResult<ViewNode[]> {
    return node ? this.tree.children(node) : this.tree.roots();
  }

  getParent(node: ViewNode): ViewNode | undefined {
    return node.parent;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: ViewNode): Promise<vscode.TreeItem> {
    if (node.tooltip && item.tooltip === undefined) {
      try {
        item.tooltip = new vscode.MarkdownString(await node.tooltip());
      } catch (error) {
        item.tooltip = `Could not read the details: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
