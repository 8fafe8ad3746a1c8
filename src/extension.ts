// Entry point: builds the object graph and registers it; all behaviour lives in the modules.
import * as vscode from 'vscode';
import { ExplorerApi, registerExplorer } from './explorer/register';
import { registerLanguageFeatures } from './language/register';
import { EngineBaseImages } from './engine/baseImageConfigs';

/** What activate() returns: the extension's public API (the tests in a real extension host use it). */
export interface LayerwiseApi {
  readonly explorer: ExplorerApi;
}

export function activate(context: vscode.ExtensionContext): LayerwiseApi {
  const explorer = registerExplorer(context);
  const baseImages = new EngineBaseImages(explorer.store);
  context.subscriptions.push(baseImages);
  registerLanguageFeatures(context, baseImages);
  return { explorer };
}

export function deactivate(): void {
  // Everything is a Disposable on context.subscriptions; VS Code disposes them.
}
