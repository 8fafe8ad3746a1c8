// The messages between the extension host and the language worker (src/workers/languageWorker.ts),
// which answers the editor's automatic requests (tokens, hints, folding, outline, links, lenses,
// highlights, hovers, completion, signature help) from one parse per document version. Plain data
// only: everything crosses the thread boundary by structured clone. No `vscode` import.
import type * as lsp from 'vscode-languageserver-types';
import type { BaseImageConfig, Builder, Position, Range, VariableSource } from '../dockerfile';
import type { ContextSources } from '../dockerfile/context/copyIntake';
import type { SemanticToken } from '../dockerfile/symbols/semanticTokens';
import type { VariableHover } from '../dockerfile/symbols/variableHoverText';

/** Which document, at which version, analysed how. */
export interface DocumentRef {
  readonly uri: string;
  readonly version: number;
  /** The text of this version, when the worker may not have it yet (the host sends each version once). */
  readonly text?: string;
  readonly buildArgs: Record<string, string>;
  readonly builder: Builder;
}

/** A value hint without the model objects behind it (src/dockerfile/symbols/valueHints.ts). */
export interface ValueHintData {
  readonly position: Position;
  readonly name: string;
  readonly value: string;
  readonly expression: string;
  readonly variable?: { readonly source: VariableSource; readonly definedAt?: Range };
}

/** A COPY/ADD that takes files from the build context, and what it names there. */
export interface CopySourcesData {
  readonly line: number;
  readonly keyword: string;
  readonly sources: ContextSources;
}

export interface HoverData {
  /** Layerwise's own hover for a variable: what the builder expands it to. */
  readonly variable?: VariableHover;
  /** Else the library's hover (an instruction's or a flag's documentation). */
  readonly library?: lsp.Hover;
}

/** What each feature asks for and what it is answered with. */
export interface FeatureQueries {
  semanticTokens: { query: Record<string, never>; result: SemanticToken[] };
  inlayHints: { query: Record<string, never>; result: ValueHintData[] };
  folding: { query: Record<string, never>; result: lsp.FoldingRange[] };
  symbols: { query: Record<string, never>; result: lsp.SymbolInformation[] };
  links: { query: Record<string, never>; result: lsp.DocumentLink[] };
  copies: { query: Record<string, never>; result: CopySourcesData[] };
  hover: { query: { position: Position }; result: HoverData };
  highlights: { query: { position: Position }; result: Array<{ range: Range; write: boolean }> };
  completion: { query: { position: Position }; result: lsp.CompletionItem[] };
  signatureHelp: { query: { position: Position }; result: lsp.SignatureHelp };
}

export type Feature = keyof FeatureQueries;

export interface FeatureRequest<F extends Feature = Feature> {
  readonly kind: 'feature';
  readonly id: number;
  readonly feature: F;
  readonly document: DocumentRef;
  readonly query: FeatureQueries[F]['query'];
}

/** The host no longer wants the answer to `id` (VS Code cancelled the request, or a newer edit came). */
export interface CancelMessage { readonly kind: 'cancel'; readonly id: number }
/** What the host knows of base images now: a config, or `null` for "not on the engine". */
export interface BaseImagesMessage {
  readonly kind: 'baseImages';
  readonly generation: number;
  readonly entries: ReadonlyArray<readonly [string, BaseImageConfig | null]>;
}
/** The document was closed: the worker forgets its text and analysis. */
export interface CloseMessage { readonly kind: 'close'; readonly uri: string }

export type LanguageWorkerRequest = FeatureRequest | CancelMessage | BaseImagesMessage | CloseMessage;

export interface FeatureResponse {
  readonly id: number;
  readonly result?: unknown;
  /** The worker does not have the text of that version (it was restarted): ask again with it. */
  readonly needsText?: boolean;
  /** Base images the analysis asked for that the host did not know: the host looks them up. */
  readonly unknownBaseImages?: string[];
  /** The feature threw: the message, for the output channel (never a stack trace in the UI). */
  readonly error?: string;
}
