// Semantic tokens for Dockerfiles: build stages, ENV variables, ARGs, build args and undefined
// names as their own token types (src/dockerfile/symbols/semanticTokens.ts decides; this only
// encodes). package.json declares the custom types, with standard super types and TextMate
// scopes, so themes without semantic rules still colour them. Computed by the language worker.
import * as vscode from 'vscode';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../dockerfile/symbols/semanticTokens';
import type { BaseImageSource } from '../engine/baseImageConfigs';
import { dockerfileSelector } from './dockerfileDocuments';
import type { LanguageAnalysis } from './languageAnalysis';
import { toRange } from './lspToVscode';

export const SEMANTIC_LEGEND = new vscode.SemanticTokensLegend([...TOKEN_TYPES], [...TOKEN_MODIFIERS]);

export function registerSemanticTokens(analysis: LanguageAnalysis, baseImages: BaseImageSource): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.DocumentSemanticTokensProvider = {
    // What a name holds depends on build args and on what the engine says about base images.
    onDidChangeSemanticTokens: changed.event,
    async provideDocumentSemanticTokens(document, token) {
      const tokens = await analysis.ask('semanticTokens', document, {}, token);
      // Cancelled or replaced by a newer edit: VS Code asks again for that one.
      if (!tokens) throw new vscode.CancellationError();
      const builder = new vscode.SemanticTokensBuilder(SEMANTIC_LEGEND);
      for (const t of tokens) builder.push(toRange(t.range), t.type, t.modifiers);
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
