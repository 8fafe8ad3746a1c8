// The host's side of the lint worker (src/workers/lintWorker.ts). One lint runs at a time; while
// it runs, each document keeps only its newest request (a burst of keystrokes on a big file lints
// its last text once, not every text in between), and an answer to a request that a newer one
// replaced is dropped. A worker that dies is started again for the next request; the requests it
// held get no answer, never a stale one. No `vscode` import: the worker file is a path.
import { Worker } from 'node:worker_threads';
import type { LintRequest, LintResponse, WorkerRequest } from '../workers/lintProtocol';

export type LintJob = Omit<LintRequest, 'kind' | 'id'>;

/** What a lint came back with, or `undefined` when a newer request for the document replaced it. */
export type LintOutcome = LintResponse | undefined;

interface Pending {
  readonly key: string;
  readonly job: LintJob;
  readonly resolve: (outcome: LintOutcome) => void;
}

export class LintWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private running: { readonly id: number; readonly pending: Pending } | undefined;
  /** Waiting requests by document, oldest first; a newer one for a document replaces its older. */
  private readonly waiting = new Map<string, Pending>();
  private disposed = false;

  constructor(private readonly workerFile: string, private readonly log: (message: string) => void = () => undefined) {}

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
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const [next] = this.waiting.values();
    if (!next) return;
    this.waiting.delete(next.key);
    const id = this.nextId++;
    this.running = { id, pending: next };
    this.post({ kind: 'lint', id, ...next.job });
    this.worker?.ref();
  }

  /** Nothing runs any more: the idle worker must not keep the process alive. */
  private settle(): void {
    if (!this.running) this.worker?.unref();
  }

  private post(message: WorkerRequest): void {
    if (this.disposed) return;
    this.ensureWorker().postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    // Held only while a lint runs (pump/settle): the host must be able to exit while it is idle.
    worker.unref();
    worker.on('message', (response: LintResponse) => this.answer(response));
    worker.on('error', (error) => this.log(`the lint worker failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.disposed) return;
      this.log(`the lint worker stopped (exit code ${code}); it starts again for the next lint`);
      // The request it held is lost with it: answer nothing rather than wait forever.
      const lost = this.running;
      this.running = undefined;
      lost?.pending.resolve(undefined);
      this.pump();
    });
    this.worker = worker;
    return worker;
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
