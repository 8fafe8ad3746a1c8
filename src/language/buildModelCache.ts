// One build model per document version and build-arg set, shared by hovers, diagnostics and fixes,
// so the analysis runs once per edit however many features ask.
import * as vscode from 'vscode';
import { BuildModel, buildModel } from '../dockerfile';
import type { BaseImageSource } from '../engine/baseImageConfigs';
import { buildArgsFor } from './buildArgsSetting';

export class BuildModelCache implements vscode.Disposable {
  private readonly entries = new Map<string, { key: string; model: BuildModel }>();
  private readonly closing = vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString()));

  constructor(private readonly baseImages: BaseImageSource) {}

  get(document: vscode.TextDocument): BuildModel {
    const buildArgs = buildArgsFor(document);
    const key = `${document.version}\0${this.baseImages.generation}\0${JSON.stringify(buildArgs)}`;
    const uri = document.uri.toString();
    const cached = this.entries.get(uri);
    if (cached?.key === key) return cached.model;
    const model = buildModel(document.getText(), { buildArgs, baseImages: this.baseImages.resolver() });
    this.entries.set(uri, { key, model });
    return model;
  }

  dispose(): void {
    this.closing.dispose();
    this.entries.clear();
  }
}
