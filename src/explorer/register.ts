import * as vscode from 'vscode';

/** Registers the Layerwise sidebar views (Containers, Images, Volumes, ...) and their commands. */
export function registerExplorer(_context: vscode.ExtensionContext): void {
  // Filled in by the explorer work.
}
