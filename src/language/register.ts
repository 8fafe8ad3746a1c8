import * as vscode from 'vscode';
import type { BaseImageSource } from '../engine/baseImageConfigs';
import { registerBuildInsights } from './buildInsights';
import { BuildModelCache } from './buildModelCache';
import { DockerfileDiagnostics } from './diagnostics';
import { registerEditingFeatures } from './editingFeatures';
import { variableHovers } from './variableHover';

/**
 * Registers the Dockerfile language features: diagnostics, quick fixes, hovers, completion, ...
 * `baseImages` seeds each stage from its base image's config when the engine has the image.
 */
export function registerLanguageFeatures(context: vscode.ExtensionContext, baseImages: BaseImageSource): void {
  const models = new BuildModelCache(baseImages);
  context.subscriptions.push(models, new DockerfileDiagnostics(context.extensionUri, baseImages), registerEditingFeatures(variableHovers(models)));
  context.subscriptions.push(registerBuildInsights());
}
