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
import { LanguageAnalysis } from './languageAnalysis';
import { LanguageLog } from './languageLog';

/**
 * Registers the Dockerfile language features: diagnostics, quick fixes, hovers, completion, ...
 * `baseImages` seeds each stage from its base image's config when the engine has the image.
 */
export function registerLanguageFeatures(context: vscode.ExtensionContext, baseImages: BaseImageSource): void {
  // References and rename (asked for by the user) analyse on this thread; everything VS Code asks
  // for by itself while the user types goes to the language worker (src/workers/languageWorker.ts).
  const models = new BuildModelCache(baseImages);
  const symbols = new SymbolIndexCache(models);
  const contextFiles = new ContextFiles();
  const log = new LanguageLog();
  const analysis = new LanguageAnalysis(context.extensionUri, baseImages, log.warn);
  const diagnostics = new DockerfileDiagnostics(context.extensionUri, baseImages, log.warn);
  context.subscriptions.push(log, models, analysis, diagnostics, registerEditingFeatures(analysis, (d) => diagnostics.libraryDiagnosticsOf(d)));
  context.subscriptions.push(registerBuildInsights());
  context.subscriptions.push(
    registerReferences(symbols, analysis),
    registerSemanticTokens(analysis, baseImages),
    registerInlayHints(analysis, baseImages),
    registerSignatureHelpAndLinks(analysis),
    contextFiles,
    registerCopiedFilesLens(analysis, contextFiles),
    registerDockerignoreLanguage(contextFiles),
  );
}
