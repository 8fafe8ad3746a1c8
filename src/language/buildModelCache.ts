// One build model per document version, build-arg set and builder, shared by hovers, diagnostics
// and fixes, so the analysis runs once per edit however many features ask.
import * as vscode from 'vscode';
import { Builder, BuildModel, buildModel, DEFAULT_BUILDER, isBuilder } from '../dockerfile';
import type { BaseImageSource } from '../engine/baseImageConfigs';
import { buildArgsFor } from './buildArgsSetting';

export const BUILDER_SETTING = 'layerwise.build.builder';

/** The builder the user builds with (`layerwise.build.builder`): the model follows its semantics. */
export function builderFor(document: vscode.TextDocument): Builder {
  const value = vscode.workspace.getConfiguration(undefined, document.uri).get<unknown>(BUILDER_SETTING);
  return isBuilder(value) ? value : DEFAULT_BUILDER;
}

export class BuildModelCache implements vscode.Disposable {
  private readonly entries = new Map<string, { key: string; model: BuildModel }>();
  private readonly closing = vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString()));

  constructor(private readonly baseImages: BaseImageSource) {}

  get(document: vscode.TextDocument): BuildModel {
    const buildArgs = buildArgsFor(document);
    const builder = builderFor(document);
    const key = `${document.version}\0${this.baseImages.generation}\0${builder}\0${JSON.stringify(buildArgs)}`;
    const uri = document.uri.toString();
    const cached = this.entries.get(uri);
    if (cached?.key === key) return cached.model;
    const model = buildModel(document.getText(), { buildArgs, builder, baseImages: this.baseImages.resolver() });
    this.entries.set(uri, { key, model });
    return model;
  }

  dispose(): void {
    this.closing.dispose();
    this.entries.clear();
  }
}
