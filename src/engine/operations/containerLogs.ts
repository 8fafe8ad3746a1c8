// A container's logs, followed across its whole life: what it printed so far (the last `tail`
// lines, also when it has already exited or crashed), then new output as it comes; when it stops,
// a note with its exit code, and when it starts again, its new output. It ends only when the
// caller aborts or the container is removed. From the engine's logs and events API; no
// `vscode` import.
import type Docker from 'dockerode';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { apiJson, apiStream, isNotFound } from '../api';
import { JsonLineSplitter } from '../events';

export interface LogFollower {
  /** Output of the container (stdout and stderr, in the order the engine sends them). */
  output(text: string): void;
  /** What happened to the container: "container exited (code 3)", "container started again"... */
  note(text: string): void;
}

interface InspectState {
  Id: string;
  Name?: string;
  Created?: string;
  Config?: { Tty?: boolean };
  State?: { Status?: string; Running?: boolean; ExitCode?: number; Error?: string; OOMKilled?: boolean; StartedAt?: string; FinishedAt?: string };
}

const NEVER = '0001-01-01T00:00:00Z';
const started = (state: InspectState['State']): boolean => Boolean(state?.StartedAt) && !state!.StartedAt!.startsWith('0001-');

/** "container exited (code 137, killed: out of memory)" */
export function exitNote(state: NonNullable<InspectState['State']>): string {
  const why = state.OOMKilled ? ', killed: out of memory' : state.Error ? `, ${state.Error}` : '';
  return state.Status === 'dead' ? `container is dead${why}` : `container exited (code ${state.ExitCode ?? 0}${why})`;
}

/**
 * What was shown so far, by the engine's timestamp of each line (logs are asked for with
 * `timestamps`): a later request `since` the last line shown may send that line, or lines of the
 * same moment, again; they are dropped, so nothing is shown twice, and nothing is lost to a clock.
 */
class ShownLines {
  /** The last line shown: `since` for the API, and a key that sorts as time does. */
  last?: { since: string; key: string };
  /** Shows one line (with its timestamp prefix) unless it was shown already. */
  show(line: string, output: (text: string) => void): void {
    const space = line.indexOf(' ');
    const iso = space > 0 ? line.slice(0, space) : '';
    const time = engineTime(iso);
    if (!time) { output(line); return; }
    // Zero-padded, so that strings compare as times (RFC 3339 with a fraction of any length does not).
    const key = `${String(time.seconds).padStart(12, '0')}.${time.nanos}`;
    if (this.last && key <= this.last.key) return;
    this.last = { since: `${time.seconds}.${time.nanos}`, key };
    output(line.slice(space + 1));
  }
}

/** Splits a stream's text into lines (each with its line break) for `ShownLines`. */
function lineSink(shown: ShownLines, output: (text: string) => void): { write(text: string): void; end(): void } {
  let pending = '';
  return {
    write(text) {
      pending += text;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        shown.show(pending.slice(0, nl + 1), output);
        pending = pending.slice(nl + 1);
      }
    },
    end() {
      if (pending) shown.show(pending, output);
      pending = '';
    },
  };
}

/** Reads one logs response to its end: the engine ends a followed one when the container stops. */
async function readLogs(docker: Docker, stream: IncomingMessage, tty: boolean, follower: LogFollower, shown: ShownLines, signal: AbortSignal): Promise<void> {
  const onAbort = (): void => void stream.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  const sinks: Array<{ end(): void }> = [];
  try {
    await new Promise<void>((resolve) => {
      const output = (text: string): void => follower.output(text);
      const sink = (): PassThrough => {
        const out = new PassThrough();
        const own = new StringDecoder('utf8');
        const lines = lineSink(shown, output);
        sinks.push(lines);
        out.on('data', (chunk: Buffer) => lines.write(own.write(chunk)));
        return out;
      };
      if (tty) {
        const decoder = new StringDecoder('utf8');
        const lines = lineSink(shown, output);
        sinks.push(lines);
        stream.on('data', (chunk: Buffer) => lines.write(decoder.write(chunk)));
      } else {
        // Without a TTY the engine frames stdout and stderr; the modem takes the frames apart.
        (docker.modem as unknown as { demuxStream(s: NodeJS.ReadableStream, o: NodeJS.WritableStream, e: NodeJS.WritableStream): void }).demuxStream(stream, sink(), sink());
      }
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
  } finally {
    for (const lines of sinks) lines.end();
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Waits for the container's next run after the one that started at `startedAt` (or its removal:
 * undefined). Its start and destroy events are subscribed to first, replayed from `since` (the
 * moment it stopped), and only then is it looked at: a run that started before the subscription
 * is seen by its new StartedAt, one that starts after by its event. The engine replays only its
 * last 256 events, which a busy engine can pass in moments, so the look is what makes it certain.
 */
async function nextRun(docker: Docker, id: string, startedAt: string | undefined, since: string, inspect: () => Promise<InspectState | undefined>, signal: AbortSignal): Promise<InspectState | undefined> {
  const isNewRun = (info: InspectState): boolean => info.State?.Running === true || info.State?.StartedAt !== startedAt;
  while (!signal.aborted) {
    let stream: IncomingMessage;
    try {
      stream = await apiStream(docker, {
        path: '/events',
        query: { since, filters: JSON.stringify({ type: ['container'], container: [id], event: ['start', 'destroy'] }) },
        signal,
      });
    } catch {
      // No events now (the engine is busy or restarting): look, and try again in a moment.
      if (signal.aborted) return undefined;
      const info = await inspect();
      if (!info || isNewRun(info)) return info;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    try {
      const event = new Promise<'start' | 'destroy' | undefined>((resolve) => {
        const splitter = new JsonLineSplitter();
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          for (const e of splitter.push(chunk)) if (e.Action === 'start' || e.Action === 'destroy') resolve(e.Action);
        });
        stream.on('end', () => resolve(undefined));
        stream.on('close', () => resolve(undefined));
        stream.on('error', () => resolve(undefined));
      });
      const info = await inspect();
      if (!info) return undefined;
      if (isNewRun(info)) return info;
      // Nothing new yet: an event, then look again. A stream the engine ended without one is
      // asked for again after a moment, not at once (no busy loop on an engine that closes it).
      if ((await event) === undefined && !signal.aborted) await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      stream.destroy();
    }
  }
  return undefined;
}

/** An engine time (RFC 3339, nanoseconds): whole seconds and the nanoseconds, nine digits. */
function engineTime(iso: string): { seconds: number; nanos: string } | undefined {
  const m = /^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  const seconds = m ? Date.parse(`${m[1]}${m[3]}`) / 1000 : NaN;
  if (!m || !Number.isFinite(seconds)) return undefined;
  return { seconds, nanos: (m[2] ?? '').slice(0, 9).padEnd(9, '0') };
}

/** An engine time as the API's `since` wants it: "seconds.nanoseconds". */
export function apiTimestamp(iso: string): string {
  const time = engineTime(iso);
  return time ? `${time.seconds}.${time.nanos}` : String(Math.floor(Date.now() / 1000));
}

/**
 * Follows `id`'s logs until `signal` aborts or the container is removed. The first read shows the
 * last `tail` lines; after a restart only what the new run printed (`since` the last exit).
 */
export async function followContainerLogs(docker: Docker, id: string, follower: LogFollower, signal: AbortSignal, tail = 500): Promise<void> {
  const inspect = (): Promise<InspectState | undefined> =>
    apiJson<InspectState>(docker, { path: `/containers/${encodeURIComponent(id)}/json`, signal }).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
  let since: string | undefined;
  const shown = new ShownLines();
  let info = await inspect();
  while (!signal.aborted && info) {
    const stream = await apiStream(docker, {
      path: `/containers/${encodeURIComponent(id)}/logs`,
      query: { follow: true, stdout: true, stderr: true, timestamps: true, ...(since ? { since } : { tail: String(tail) }) },
      signal,
    });
    await readLogs(docker, stream, info.Config?.Tty === true, follower, shown, signal);
    if (signal.aborted) return;
    const lastStart = info.State?.StartedAt;
    info = await inspect();
    if (!info) break;
    if (info.State?.Running && info.State.StartedAt === lastStart) {
      // The stream broke while the same run goes on: pick up from the last line shown.
      since = shown.last?.since ?? String(Date.now() / 1000);
      continue;
    }
    // Only what the next run prints: from the last line shown (the engine stamps a line when it
    // reads it, which may be after the exit it records, so not from FinishedAt); what comes again
    // of the moment itself ShownLines drops.
    const finished = info.State?.FinishedAt;
    const stoppedAt = finished && finished !== NEVER ? apiTimestamp(finished) : undefined;
    since = shown.last?.since ?? stoppedAt;
    if (!info.State?.Running) {
      const state = info.State ?? {};
      follower.note(started(state) ? exitNote(state) : 'container created, not started yet');
      // Events replayed from the moment it stopped (not from its last line, which the engine may
      // have stamped before that run's own start event). A run that already ended again is read
      // below all the same.
      const from = stoppedAt ?? apiTimestamp(info.Created ?? new Date().toISOString());
      info = await nextRun(docker, id, state.StartedAt, from, inspect, signal);
      if (signal.aborted) return;
      if (!info) break;
    }
    follower.note(started(info.State) && lastStart && started({ StartedAt: lastStart }) ? 'container started again: following its output' : 'container started: following its output');
  }
  if (!signal.aborted) follower.note('container removed');
}
