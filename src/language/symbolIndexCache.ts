// One symbol index per build model (so per document version, build args and base-image
// knowledge), shared by references, highlights, rename, semantic tokens and inlay hints.
import * as vscode from 'vscode';
import type { BuildModel } from '../dockerfile';
import { buildSymbolIndex, SymbolIndex } from '../dockerfile/symbols/symbolIndex';
import type { BuildModelCache } from './buildModelCache';

export class SymbolIndexCache {
  private readonly indexes = new WeakMap<BuildModel, SymbolIndex>();

  constructor(private readonly models: BuildModelCache) {}

  get(document: vscode.TextDocument): { model: BuildModel; index: SymbolIndex } {
    const model = this.models.get(document);
    let index = this.indexes.get(model);
    if (!index) {
      index = buildSymbolIndex(document.getText(), model);
      this.indexes.set(model, index);
    }
    return { model, index };
  }
}
