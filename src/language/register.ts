import * as vscode from 'vscode';
import type { BaseImageSource } from '../engine/baseImageConfigs';
import { registerBuildInsights } from './buildInsights';
import { BuildModelCache } from './buildModelCache';
import { ContextFiles } from './contextFiles';
import { registerCopiedFilesLens } from './copiedFilesLens';
import { DockerfileDiagnostics } from './diagnostics';
import { registerDockerignoreLanguage } from './dockerignoreLanguage';
import { registerSignatureHelpAndLinks } from './documentLinks';
import { registerEditingFeatures } from './editingFeatures';
import { registerInlayHints } from './inlayHints';
import { registerReferences } from './references';
import { registerSemanticTokens } from './semanticTokens';
import { SymbolIndexCache } from './symbolIndexCache';
import { variableHovers } from './variableHover';

/**
 * Registers the Dockerfile language features: diagnostics, quick fixes, hovers, completion, ...
 * `baseImages` seeds each stage from its base image's config when the engine has the image.
 */
export function registerLanguageFeatures(context: vscode.ExtensionContext, baseImages: BaseImageSource): void {
  const models = new BuildModelCache(baseImages);
  const symbols = new SymbolIndexCache(models);
  const contextFiles = new ContextFiles();
  context.subscriptions.push(models, new DockerfileDiagnostics(context.extensionUri, baseImages), registerEditingFeatures(variableHovers(models)));
  context.subscriptions.push(registerBuildInsights());
  context.subscriptions.push(
    registerReferences(symbols),
    registerSemanticTokens(symbols, baseImages),
    registerInlayHints(symbols, baseImages),
    registerSignatureHelpAndLinks(),
    contextFiles,
    registerCopiedFilesLens(models, contextFiles),
    registerDockerignoreLanguage(contextFiles),
  );
}
