// One worker thread the host talks to (the lint worker, the language worker): started at the first
// message, started again after it dies, and holding the host's process open only while an answer
// is awaited, so an idle worker never keeps the extension host from exiting. No `vscode` import.
import { Worker } from 'node:worker_threads';

export class WorkerThread<Request, Response> {
  private worker: Worker | undefined;
  private disposed = false;

  /**
   * `onExit` runs when the worker stopped by itself (not by `dispose`): what it held is lost, and
   * the next `post` starts a new one.
   */
  constructor(
    private readonly file: string,
    private readonly onMessage: (response: Response) => void,
    private readonly onExit: (code: number) => void,
    private readonly log: (message: string) => void,
  ) {}

  post(message: Request): void {
    if (this.disposed) return;
    this.ensure().postMessage(message);
  }

  /** Whether the host waits for an answer: the worker holds the process open only then. */
  awaiting(waiting: boolean): void {
    if (waiting) this.worker?.ref(); else this.worker?.unref();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.file);
    worker.unref();
    worker.on('message', (response: Response) => this.onMessage(response));
    worker.on('error', (error) => this.log(`${this.name} failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.disposed) return;
      this.log(`${this.name} stopped (exit code ${code}); it starts again at the next request`);
      this.onExit(code);
    });
    this.worker = worker;
    return worker;
  }

  private get name(): string {
    return `the worker ${this.file.split(/[\\/]/).pop()}`;
  }
}
