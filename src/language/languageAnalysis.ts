// The editor's way to the language worker: each provider asks for its feature on a document and
// gets plain data back, computed off the extension host's thread. This adds what only the host
// knows: the document's settings (build args, builder), the base images the engine has (sent
// when they change), looking up the ones the analysis asked about, and closing documents.
import * as vscode from 'vscode';
import type { BaseImageSource } from '../engine/baseImageConfigs';
import type { Feature, FeatureQueries } from '../workers/languageProtocol';
import { buildArgsFor } from './buildArgsSetting';
import { builderFor } from './buildModelCache';
import { DocumentSource, LanguageWorkerClient } from './languageWorkerClient';

export class LanguageAnalysis implements vscode.Disposable {
  private readonly client: LanguageWorkerClient;
  private readonly closing: vscode.Disposable;

  constructor(extensionUri: vscode.Uri, private readonly baseImages: BaseImageSource, warn: (message: string) => void) {
    this.client = new LanguageWorkerClient(vscode.Uri.joinPath(extensionUri, 'dist', 'languageWorker.js').fsPath, warn);
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => this.client.close(d.uri.toString()));
  }

  /** The feature's answer for the document as it is now; `undefined` when cancelled, replaced or failed. */
  async ask<F extends Feature>(feature: F, document: vscode.TextDocument, query: FeatureQueries[F]['query'], token?: vscode.CancellationToken): Promise<FeatureQueries[F]['result'] | undefined> {
    this.client.setBaseImages(this.baseImages.generation, () => this.baseImages.snapshot());
    const source: DocumentSource = {
      uri: document.uri.toString(),
      version: document.version,
      getText: () => document.getText(),
      buildArgs: buildArgsFor(document),
      builder: builderFor(document),
    };
    const answer = await this.client.request(feature, source, query, token);
    if (!answer) return undefined;
    // Looked up in the background; an answer fires baseImages.onDidChange, and the providers ask again.
    if (answer.unknownBaseImages.length) {
      const resolve = this.baseImages.resolver();
      for (const reference of answer.unknownBaseImages) resolve(reference);
    }
    return answer.result;
  }

  dispose(): void {
    this.closing.dispose();
    this.client.dispose();
  }
}
