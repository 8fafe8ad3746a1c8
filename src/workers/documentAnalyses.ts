// The language worker's memory of each open Dockerfile: the newest text the host sent, and one
// analysis of it (a dockerfile-ast parse shared by the build model and the symbol index, and the
// text split into lines), made at the first request for that version, build args, builder and
// base-image knowledge and reused by every later one. No `vscode` import.
import { DockerfileParser } from 'dockerfile-ast';
import { BaseImageConfig, BuildModel, buildModel } from '../dockerfile';
import { DocumentText } from '../dockerfile/documentText';
import { buildSymbolIndex, SymbolIndex } from '../dockerfile/symbols/symbolIndex';
import type { BaseImagesMessage, DocumentRef } from './languageProtocol';

export interface DocumentAnalysis {
  readonly text: string;
  readonly lines: DocumentText;
  readonly model: BuildModel;
  readonly index: SymbolIndex;
  /** Base images the model asked for that the host has not answered about. */
  readonly unknownBaseImages: string[];
}

export class DocumentAnalyses {
  private readonly texts = new Map<string, { version: number; text: string }>();
  private readonly analyses = new Map<string, { key: string; analysis: DocumentAnalysis }>();
  private baseImages = new Map<string, BaseImageConfig | null>();
  private baseImagesGeneration = 0;

  /** Keeps the text the reference carries; false when neither it nor the store has that version. */
  accept(ref: DocumentRef): boolean {
    if (ref.text !== undefined) {
      const known = this.texts.get(ref.uri);
      if (!known || known.version <= ref.version) this.texts.set(ref.uri, { version: ref.version, text: ref.text });
    }
    return this.texts.get(ref.uri)?.version === ref.version;
  }

  /** The newest version the host has sent for the document (requests for older ones are stale). */
  newestVersion(uri: string): number | undefined {
    return this.texts.get(uri)?.version;
  }

  /** Only the text (for the library's features, which parse for themselves). */
  textOf(ref: DocumentRef): string {
    const known = this.texts.get(ref.uri);
    if (!known || known.version !== ref.version) throw new Error(`no text for ${ref.uri} version ${ref.version}`);
    return known.text;
  }

  /** The analysis if a feature already asked for it (the library's features do not need one). */
  analysedAlready(ref: DocumentRef): DocumentAnalysis | undefined {
    const cached = this.analyses.get(ref.uri);
    return cached?.key === this.keyOf(ref) ? cached.analysis : undefined;
  }

  analysisOf(ref: DocumentRef): DocumentAnalysis {
    const text = this.textOf(ref);
    const cached = this.analysedAlready(ref);
    if (cached) return cached;
    const key = this.keyOf(ref);
    const unknown = new Set<string>();
    const parsed = DockerfileParser.parse(text);
    const model = buildModel(text, {
      parsed,
      buildArgs: ref.buildArgs,
      builder: ref.builder,
      baseImages: (reference) => {
        const config = this.baseImages.get(reference);
        if (config === undefined) unknown.add(reference);
        return config ?? undefined;
      },
    });
    const analysis: DocumentAnalysis = {
      text, lines: new DocumentText(text), model, index: buildSymbolIndex(text, model, parsed), unknownBaseImages: [...unknown],
    };
    this.analyses.set(ref.uri, { key, analysis });
    return analysis;
  }

  private keyOf(ref: DocumentRef): string {
    return `${ref.version}\0${this.baseImagesGeneration}\0${ref.builder}\0${JSON.stringify(ref.buildArgs)}`;
  }

  setBaseImages(message: BaseImagesMessage): void {
    this.baseImages = new Map(message.entries);
    this.baseImagesGeneration = message.generation;
  }

  close(uri: string): void {
    this.texts.delete(uri);
    this.analyses.delete(uri);
  }
}
