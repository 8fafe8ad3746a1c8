import * as vscode from 'vscode';

/** Registers the Dockerfile language features: diagnostics, quick fixes, hovers, ... */
export function registerLanguageFeatures(_context: vscode.ExtensionContext): void {
  // Filled in by the language work.
}
