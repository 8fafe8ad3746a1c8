// Semantic tokens for Dockerfiles: build stages, ENV variables, ARGs, build args and undefined
// names as their own token types (src/dockerfile/symbols/semanticTokens.ts decides; this only
// encodes). package.json declares the custom types, with standard super types and TextMate
// scopes, so themes without semantic rules still colour them.
import * as vscode from 'vscode';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from '../dockerfile/symbols/semanticTokens';
import type { BaseImageSource } from '../engine/baseImageConfigs';
import { dockerfileSelector } from './dockerfileDocuments';
import type { SymbolIndexCache } from './symbolIndexCache';
import { toRange } from './lspToVscode';

export const SEMANTIC_LEGEND = new vscode.SemanticTokensLegend([...TOKEN_TYPES], [...TOKEN_MODIFIERS]);

export function registerSemanticTokens(indexes: SymbolIndexCache, baseImages: BaseImageSource): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.DocumentSemanticTokensProvider = {
    // What a name holds depends on build args and on what the engine says about base images.
    onDidChangeSemanticTokens: changed.event,
    provideDocumentSemanticTokens(document) {
      const builder = new vscode.SemanticTokensBuilder(SEMANTIC_LEGEND);
      for (const token of semanticTokens(indexes.get(document).index)) builder.push(toRange(token.range), token.type, token.modifiers);
      return builder.build();
    },
  };
  return vscode.Disposable.from(
    changed,
    baseImages.onDidChange(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('layerwise.dockerfile.buildArgs')) changed.fire(); }),
    vscode.languages.registerDocumentSemanticTokensProvider(dockerfileSelector, provider, SEMANTIC_LEGEND),
  );
}
