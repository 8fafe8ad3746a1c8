// Entry point: builds the object graph and registers it; all behaviour lives in the modules.
import * as vscode from 'vscode';
import { registerExplorer } from './explorer/register';
import { registerLanguageFeatures } from './language/register';

export function activate(context: vscode.ExtensionContext): void {
  registerLanguageFeatures(context);
  registerExplorer(context);
}

export function deactivate(): void {
  // Everything is a Disposable on context.subscriptions; VS Code disposes them.
}
