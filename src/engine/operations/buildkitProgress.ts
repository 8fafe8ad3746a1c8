// BuildKit's trace folded into one record per vertex (step of the build graph), and printed as
// `docker build --progress=plain` prints it, so the output channel reads like the terminal:
//
//   #5 [2/3] RUN make            the vertex's name when it starts (then its digest)
//   #5 0.412 compiling...        what it printed, seconds since it started
//   #5 DONE 1.7s                 or `#5 CACHED`, `#5 ERROR: <why>`, `#5 CANCELED`
//
// and `#5 ...` when another vertex interrupts one still running (stages build in parallel).
// Vertexes are numbered in the order the trace first names them, as the CLI does. No `vscode`
// import.
import { plainText } from './ansi';
import type { TraceLog, TraceStatus, TraceUpdate, TraceVertex } from './buildkitTrace';

export interface VertexRecord {
  /** `#N` as the plain progress numbers it (1-based, in the order the trace first named it). */
  readonly number: number;
  readonly digest: string;
  /** `[stage-1 2/4] RUN make`, `[internal] load metadata for ...`, `exporting to image`. */
  readonly name: string;
  readonly inputs: readonly string[];
  readonly cached: boolean;
  /** Engine clock, milliseconds since the epoch. */
  readonly started?: number;
  readonly completed?: number;
  readonly error?: string;
  /** What the step printed, line by line, without terminal escape codes. */
  readonly logs: readonly string[];
}

interface OpenVertex {
  number: number;
  vertex: TraceVertex;
  logs: string[];
  partial: string;
  headerPrinted: boolean;
  endPrinted: boolean;
  statusesDone: Set<string>;
}

const CANCELED = /context canceled$/;

export class BuildkitProgress {
  private readonly byDigest = new Map<string, OpenVertex>();
  private current: OpenVertex | undefined;
  private printedAny = false;

  constructor(private readonly print: (line: string) => void = () => undefined) {}

  update(update: TraceUpdate): void {
    for (const v of update.vertexes) this.vertex(v);
    for (const s of update.statuses) this.status(s);
    for (const l of update.logs) this.log(l);
  }

  /** Names of the vertexes running now, the build's own steps before the engine's internal ones. */
  get running(): string[] {
    const names = [...this.byDigest.values()].filter((o) => o.vertex.started !== undefined && o.vertex.completed === undefined).map((o) => o.vertex.name);
    return [...names.filter((n) => !n.startsWith('[internal]')), ...names.filter((n) => n.startsWith('[internal]'))];
  }

  /** Every vertex as it stands (partial log lines included). */
  get vertexes(): VertexRecord[] {
    return [...this.byDigest.values()].map((o) => ({
      number: o.number,
      digest: o.vertex.digest,
      name: o.vertex.name,
      inputs: o.vertex.inputs,
      cached: o.vertex.cached,
      ...(o.vertex.started !== undefined ? { started: o.vertex.started } : {}),
      ...(o.vertex.completed !== undefined ? { completed: o.vertex.completed } : {}),
      ...(o.vertex.error ? { error: o.vertex.error } : {}),
      logs: o.partial ? [...o.logs, plainText(o.partial)] : [...o.logs],
    }));
  }

  private open(digest: string): OpenVertex {
    let open = this.byDigest.get(digest);
    if (!open) {
      open = { number: this.byDigest.size + 1, vertex: { digest, inputs: [], name: digest, cached: false }, logs: [], partial: '', headerPrinted: false, endPrinted: false, statusesDone: new Set() };
      this.byDigest.set(digest, open);
    }
    return open;
  }

  private vertex(v: TraceVertex): void {
    const open = this.open(v.digest);
    // Updates repeat the whole vertex; a later one may drop what an earlier one said (never seen,
    // but keep the start time and an error once known).
    open.vertex = { ...v, ...(v.started === undefined && open.vertex.started !== undefined ? { started: open.vertex.started } : {}) };
    if (v.started === undefined && v.completed === undefined) return; // only announced: the CLI prints nothing yet
    if (open.endPrinted) return; // a repeat of a finished vertex
    if (this.current === open && v.completed === undefined) return; // still running, nothing new to print
    this.focus(open);
    if (v.completed !== undefined && !open.endPrinted) this.end(open);
  }

  private status(s: TraceStatus): void {
    const open = this.byDigest.get(s.vertex);
    if (!open) return;
    // A transfer reports many times; print its first report and its last, as the CLI does at this speed.
    const key = s.id;
    if (open.statusesDone.has(key) && s.completed === undefined) return;
    this.focus(open);
    open.statusesDone.add(key);
    const amount = s.total ? ` ${bytes(s.current)} / ${bytes(s.total)}` : s.current ? ` ${bytes(s.current)}` : '';
    const took = s.started !== undefined && (s.completed ?? s.timestamp) !== undefined ? ((s.completed ?? s.timestamp)! - s.started) / 1000 : 0;
    this.print(`#${open.number} ${s.id}${amount}${took > 0.01 ? ` ${took.toFixed(1)}s` : ''}${s.completed !== undefined ? ' done' : ''}`);
  }

  private log(l: TraceLog): void {
    const open = this.byDigest.get(l.vertex);
    if (!open) return;
    this.focus(open);
    const text = open.partial + l.text;
    const lines = text.split('\n');
    open.partial = lines.pop() ?? '';
    const since = l.timestamp !== undefined && open.vertex.started !== undefined ? Math.max(0, (l.timestamp - open.vertex.started) / 1000) : undefined;
    for (const raw of lines) {
      const line = plainText(raw);
      open.logs.push(line);
      this.print(`#${open.number}${since !== undefined ? ` ${since.toFixed(3)}` : ''} ${line}`);
    }
  }

  /** The build was cancelled: the steps still running print `#N CANCELED`, as the CLI ends them. */
  cancelRunning(): void {
    for (const open of this.byDigest.values()) {
      if (open.vertex.started === undefined || open.vertex.completed !== undefined || open.endPrinted) continue;
      this.focus(open);
      this.flushPartial(open);
      open.endPrinted = true;
      this.print(`#${open.number} CANCELED`);
      if (this.current === open) this.current = undefined;
    }
  }

  /** Makes `open` the vertex being printed, closing the previous one's block. */
  private focus(open: OpenVertex): void {
    if (this.current === open && open.headerPrinted) return;
    const previous = this.current;
    if (previous && previous !== open && previous.vertex.completed === undefined) {
      this.flushPartial(previous);
      this.print(`#${previous.number} ...`);
    }
    if (this.printedAny) this.print('');
    this.printedAny = true;
    this.print(`#${open.number} ${open.vertex.name}`);
    if (!open.headerPrinted) this.print(`#${open.number} ${open.vertex.digest}`);
    open.headerPrinted = true;
    this.current = open;
  }

  private flushPartial(open: OpenVertex): void {
    if (!open.partial) return;
    const line = plainText(open.partial);
    open.logs.push(line);
    open.partial = '';
    this.print(`#${open.number} ${line}`);
  }

  private end(open: OpenVertex): void {
    this.flushPartial(open);
    open.endPrinted = true;
    const { error, cached, started, completed } = open.vertex;
    if (error) this.print(CANCELED.test(error) ? `#${open.number} CANCELED` : `#${open.number} ERROR: ${error}`);
    else if (cached) this.print(`#${open.number} CACHED`);
    else this.print(`#${open.number} DONE${started !== undefined && completed !== undefined ? ` ${((completed - started) / 1000).toFixed(1)}s` : ''}`);
    if (this.current === open) this.current = undefined;
  }
}

/** Whether a vertex's error is BuildKit's word for "stopped because the build was cancelled or another step failed". */
export const wasCanceled = (error: string | undefined): boolean => error !== undefined && CANCELED.test(error);

/** Bytes as BuildKit's plain progress writes them: `38B`, `2.05kB`, `14.20MB`. */
function bytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value}B` : `${value.toFixed(2)}${units[unit]}`;
}
