// The host's side of the lint worker (src/workers/lintWorker.ts). One lint runs at a time; while
// it runs, each document keeps only its newest request (a burst of keystrokes on a big file lints
// its last text once, not every text in between), and an answer to a request that a newer one
// replaced is dropped. A worker that dies is started again for the next request; the requests it
// held get no answer, never a stale one. No `vscode` import: the worker file is a path.
import type { LintRequest, LintResponse, WorkerRequest } from '../workers/lintProtocol';
import { WorkerThread } from './workerThread';

export type LintJob = Omit<LintRequest, 'kind' | 'id'>;

/** What a lint came back with, or `undefined` when a newer request for the document replaced it. */
export type LintOutcome = LintResponse | undefined;

interface Pending {
  readonly key: string;
  readonly job: LintJob;
  readonly resolve: (outcome: LintOutcome) => void;
}

export class LintWorkerClient {
  private readonly thread: WorkerThread<WorkerRequest, LintResponse>;
  private nextId = 1;
  private running: { readonly id: number; readonly pending: Pending } | undefined;
  /** Waiting requests by document, oldest first; a newer one for a document replaces its older. */
  private readonly waiting = new Map<string, Pending>();
  private disposed = false;

  constructor(workerFile: string, log: (message: string) => void = () => undefined) {
    this.thread = new WorkerThread(workerFile, (response) => this.answer(response), () => {
      // The request it held is lost with it: answer nothing rather than wait forever.
      const lost = this.running;
      this.running = undefined;
      lost?.pending.resolve(undefined);
      this.pump();
    }, log);
  }

  /** Lints `job` for the document `key`; resolves `undefined` if a newer request for `key` came first. */
  lint(key: string, job: LintJob): Promise<LintOutcome> {
    if (this.disposed) return Promise.resolve(undefined);
    return new Promise<LintOutcome>((resolve) => {
      this.waiting.get(key)?.resolve(undefined);
      this.waiting.delete(key); // re-inserted last: documents take turns in the order they changed
      this.waiting.set(key, { key, job, resolve });
      this.pump();
    });
  }

  /** A file came or went under `path`: the worker lists that context again at its next lint. */
  forgetContext(path: string): void {
    this.post({ kind: 'forgetContext', path });
  }

  /** Drops what is waiting for `key` (a closed document); a lint already running ends unanswered. */
  cancel(key: string): void {
    this.waiting.get(key)?.resolve(undefined);
    this.waiting.delete(key);
  }

  /** True while a lint runs or waits: for tests and benchmarks that wait for quiet. */
  get busy(): boolean {
    return this.running !== undefined || this.waiting.size > 0;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const pending of this.waiting.values()) pending.resolve(undefined);
    this.waiting.clear();
    this.running?.pending.resolve(undefined);
    this.running = undefined;
    this.thread.dispose();
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const [next] = this.waiting.values();
    if (!next) return;
    this.waiting.delete(next.key);
    const id = this.nextId++;
    this.running = { id, pending: next };
    this.post({ kind: 'lint', id, ...next.job });
    this.thread.awaiting(true);
  }

  /** Nothing runs any more: the idle worker must not keep the process alive. */
  private settle(): void {
    if (!this.running) this.thread.awaiting(false);
  }

  private post(message: WorkerRequest): void {
    if (!this.disposed) this.thread.post(message);
  }

  private answer(response: LintResponse): void {
    const running = this.running;
    if (!running || running.id !== response.id) return;
    this.running = undefined;
    // A newer request for the same document is waiting: this answer is already out of date.
    running.pending.resolve(this.waiting.has(running.pending.key) ? undefined : response);
    this.pump();
    this.settle();
  }
}
