import * as vscode from 'vscode';
import { DockerfileDiagnostics } from './diagnostics';
import { registerEditingFeatures } from './editingFeatures';

/** Registers the Dockerfile language features: diagnostics, quick fixes, hovers, completion, ... */
export function registerLanguageFeatures(context: vscode.ExtensionContext): void {
  context.subscriptions.push(new DockerfileDiagnostics(), registerEditingFeatures());
}
