// The host's side of the language worker (src/workers/languageWorker.ts): each request gets an
// id and a promise; a document's text crosses to the worker once per version (not with every
// cursor move); a cancelled request is answered with nothing at once and dropped in the worker
// before it is computed. A worker that dies answers its requests with nothing and is started
// again, with the base images and texts sent anew. No `vscode` import: the worker is a path.
import type { BaseImageConfig, Builder } from '../dockerfile';
import type { Feature, FeatureQueries, FeatureRequest, FeatureResponse, LanguageWorkerRequest } from '../workers/languageProtocol';
import { WorkerThread } from './workerThread';

/** A document as the host has it now. */
export interface DocumentSource {
  readonly uri: string;
  readonly version: number;
  getText(): string;
  readonly buildArgs: Record<string, string>;
  readonly builder: Builder;
}

/** VS Code's CancellationToken, structurally (this module does not import `vscode`). */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface FeatureAnswer<F extends Feature> {
  readonly result: FeatureQueries[F]['result'];
  readonly unknownBaseImages: string[];
}

interface Waiting {
  readonly request: FeatureRequest;
  readonly source: DocumentSource;
  readonly resolve: (response: FeatureResponse | undefined) => void;
}

export class LanguageWorkerClient {
  private readonly thread: WorkerThread<LanguageWorkerRequest, FeatureResponse>;
  private readonly waiting = new Map<number, Waiting>();
  /** The version of each document whose text the worker has. */
  private readonly sent = new Map<string, number>();
  private baseImages: { generation: number; entries: Array<[string, BaseImageConfig | null]> } | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(workerFile: string, private readonly log: (message: string) => void = () => undefined) {
    this.thread = new WorkerThread(workerFile, (response) => this.answer(response), () => this.restarted(), log);
  }

  /** The feature's answer for the document as it is now; `undefined` if cancelled, stale or failed. */
  async request<F extends Feature>(feature: F, source: DocumentSource, query: FeatureQueries[F]['query'], token?: Cancellation): Promise<FeatureAnswer<F> | undefined> {
    if (this.disposed || token?.isCancellationRequested) return undefined;
    const id = this.nextId++;
    const withText = this.sent.get(source.uri) !== source.version;
    const request: FeatureRequest = {
      kind: 'feature', id, feature, query,
      document: { uri: source.uri, version: source.version, buildArgs: source.buildArgs, builder: source.builder, ...(withText ? { text: source.getText() } : {}) },
    };
    if (withText) this.sent.set(source.uri, source.version);
    const cancelling = token?.onCancellationRequested(() => {
      const entry = this.waiting.get(id);
      if (!entry) return;
      this.waiting.delete(id);
      this.thread.post({ kind: 'cancel', id });
      this.settle();
      entry.resolve(undefined);
    });
    try {
      const response = await new Promise<FeatureResponse | undefined>((resolve) => {
        this.waiting.set(id, { request, source, resolve });
        this.thread.post(request);
        this.thread.awaiting(true);
      });
      if (!response) return undefined;
      if (response.error !== undefined) { this.log(`${feature} for ${source.uri} failed: ${response.error}`); return undefined; }
      if (!('result' in response)) return undefined;
      return { result: response.result as FeatureQueries[F]['result'], unknownBaseImages: response.unknownBaseImages ?? [] };
    } finally {
      cancelling?.dispose();
    }
  }

  /** What the host knows of base images; sent when it changed (and again to a restarted worker). */
  setBaseImages(generation: number, entries: () => Array<[string, BaseImageConfig | null]>): void {
    if (this.baseImages?.generation === generation) return;
    this.baseImages = { generation, entries: entries() };
    this.thread.post({ kind: 'baseImages', ...this.baseImages });
  }

  /** The document was closed: the worker forgets it. */
  close(uri: string): void {
    if (!this.sent.delete(uri)) return;
    this.thread.post({ kind: 'close', uri });
  }

  /** True while an answer is awaited (tests and benchmarks wait for quiet). */
  get busy(): boolean {
    return this.waiting.size > 0;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const entry of this.waiting.values()) entry.resolve(undefined);
    this.waiting.clear();
    this.thread.dispose();
  }

  private answer(response: FeatureResponse): void {
    const entry = this.waiting.get(response.id);
    if (!entry) return; // cancelled meanwhile
    if (response.needsText) {
      // The worker lost this version (it was restarted between): the same request, with the text.
      const text = entry.source.getText();
      if (entry.source.version === entry.request.document.version) {
        this.sent.set(entry.source.uri, entry.source.version);
        this.thread.post({ ...entry.request, document: { ...entry.request.document, text } });
        return;
      }
      response = { id: response.id }; // the document moved on: nothing to answer for this version
    }
    this.waiting.delete(response.id);
    this.settle();
    entry.resolve(response);
  }

  private settle(): void {
    if (this.waiting.size === 0) this.thread.awaiting(false);
  }

  private restarted(): void {
    // What the old worker held is gone: texts go again with the next requests, base images now.
    this.sent.clear();
    const lost = [...this.waiting.values()];
    this.waiting.clear();
    for (const entry of lost) entry.resolve(undefined);
    if (this.baseImages) this.thread.post({ kind: 'baseImages', ...this.baseImages });
  }
}
