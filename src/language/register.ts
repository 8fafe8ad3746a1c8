import * as vscode from 'vscode';
import { registerBuildInsights } from './buildInsights';
import { BuildModelCache } from './buildModelCache';
import { DockerfileDiagnostics } from './diagnostics';
import { registerEditingFeatures } from './editingFeatures';
import { variableHovers } from './variableHover';

/** Registers the Dockerfile language features: diagnostics, quick fixes, hovers, completion, ... */
export function registerLanguageFeatures(context: vscode.ExtensionContext): void {
  const models = new BuildModelCache();
  context.subscriptions.push(models, new DockerfileDiagnostics(context.extensionUri), registerEditingFeatures(variableHovers(models)));
  context.subscriptions.push(registerBuildInsights());
}
