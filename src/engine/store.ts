// The explorer's source of truth. It lists each kind of object once, then follows ONE long-lived
// /events stream and re-reads only the objects an event names. When the stream breaks it
// reconnects with exponential back-off and re-lists everything; while the stream is healthy it
// sends no request at all unless the engine reports a change.
import type Docker from 'dockerode';
import type { IncomingMessage } from 'node:http';
import { apiJson, apiStream, isNotFound } from './api';
import { closeDockerClient, createDockerClient, EngineRequest } from './client';
import { Emitter } from './emitter';
import { retryWhileEngineBusy } from './engineBusy';
import { classifyEngineError } from './errors';
import { JsonLineSplitter, Refresh, refreshesFor } from './events';
import {
  containerFromInspect, familiarReference, isAnonymousVolumeName, maybeBuildStep, RawContainer, RawContainerInspect, RawHistoryEntry, RawImage, RawNetwork, RawVolume,
  toContainerInfo, toImageInfo, toImageLayer, toNetworkInfo, toVolumeInfo,
} from './mapping';
import type {
  ContainerInfo, EngineEndpoint, EngineState, EngineStore, ImageInfo, ImageLayer, MountInfo, NetworkInfo, ResourceKind,
  StoreChange, VolumeInfo, Disposable, Listener,
} from './model';

export interface EngineStoreOptions {
  /** Makes the client for an endpoint; the default is createDockerClient. `onRequest` must be wired in. */
  readonly createClient?: (endpoint: EngineEndpoint, onRequest: (request: EngineRequest) => void) => Docker;
  /** Reconnect delays: first, doubling up to max (ms). Defaults 500 and 20000. */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Time limit of one request (ms), headers only for the events stream. Default 10000. */
  readonly requestTimeoutMs?: number;
  /** Environment for the default client (SSH_AUTH_SOCK). Defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** How many recent requests `requestLog` keeps (for tests and the benchmark). Default 1000. */
  readonly requestLogSize?: number;
}

/** The store with what tests, the benchmark and commands need beyond EngineStore. */
export interface LiveEngineStore extends EngineStore {
  /** Requests sent to the engine since the store was created (the events stream counts once per connection). */
  readonly requestCount: number;
  /** The most recent requests, oldest first. */
  readonly requestLog: readonly EngineRequest[];
  /** Resolves when the current connection attempt has ended (connected or unreachable). */
  settled(): Promise<void>;
  /** Re-lists every kind now, through the same queue as the events (the explorer's Refresh). */
  refresh(): Promise<void>;
  /** The client for the current endpoint, for commands that act on the engine (undefined before the first attempt). */
  client(): Docker | undefined;
}

const KINDS: readonly ResourceKind[] = ['containers', 'images', 'volumes', 'networks'];
const APPLY_ORDER: readonly ResourceKind[] = ['volumes', 'networks', 'images', 'containers'];
const READ_CONCURRENCY = 8;

/** Creates the store and starts connecting to `endpoint` at once. */
export function createEngineStore(endpoint: EngineEndpoint, options: EngineStoreOptions = {}): LiveEngineStore {
  return new EventFedStore(endpoint, options);
}

type Maps = {
  containers: Map<string, ContainerInfo>;
  images: Map<string, ImageInfo>;
  volumes: Map<string, VolumeInfo>;
  networks: Map<string, NetworkInfo>;
};
type Info = ContainerInfo | ImageInfo | VolumeInfo | NetworkInfo;

interface Pending {
  reads: Map<ResourceKind, Map<string, 'read' | 'remove'>>;
  relist: Set<ResourceKind>;
  waiters: Array<() => void>;
}

class EventFedStore implements LiveEngineStore {
  private currentEndpoint: EngineEndpoint;
  private currentState: EngineState = { kind: 'connecting' };
  private readonly maps: Maps = { containers: new Map(), images: new Map(), volumes: new Map(), networks: new Map() };
  /** The JSON of each object held, to tell a real change from a re-read that found nothing new. */
  private readonly prints: Record<ResourceKind, Map<string, string>> = { containers: new Map(), images: new Map(), volumes: new Map(), networks: new Map() };
  private readonly changeEmitter = new Emitter<StoreChange>();
  private readonly stateEmitter = new Emitter<EngineState>();
  private readonly log: EngineRequest[] = [];
  private count = 0;

  /** Bumped on every (re)connection, switch and dispose: work of an older generation is dropped. */
  private generation = 0;
  private docker: Docker | undefined;
  private abort = new AbortController();
  private stream: IncomingMessage | undefined;
  private attempt: Promise<void> = Promise.resolve();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private disposed = false;

  private pending: Pending = emptyPending();
  /** New names from rename events, until the engine lists only that name (see mapping.ownName). */
  private readonly renamedTo = new Map<string, string>();
  /** The last failed event-driven read, for diagnostics. */
  lastReadError: unknown;
  /** False while a connection lists everything; events meanwhile wait in `pending`. */
  private listed = false;
  private draining = false;

  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly timeoutMs: number;

  constructor(endpoint: EngineEndpoint, private readonly options: EngineStoreOptions) {
    this.currentEndpoint = endpoint;
    this.initialBackoffMs = options.backoff?.initialMs ?? 500;
    this.maxBackoffMs = options.backoff?.maxMs ?? 20_000;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.backoffMs = this.initialBackoffMs;
    this.attempt = this.connect(true);
  }

  // ---- EngineStore -------------------------------------------------------------------------

  get state(): EngineState { return this.currentState; }
  get endpoint(): EngineEndpoint { return this.currentEndpoint; }
  get requestCount(): number { return this.count; }
  get requestLog(): readonly EngineRequest[] { return this.log; }

  containers(): ReadonlyMap<string, ContainerInfo> { return this.maps.containers; }
  images(): ReadonlyMap<string, ImageInfo> { return this.maps.images; }
  volumes(): ReadonlyMap<string, VolumeInfo> { return this.maps.volumes; }
  networks(): ReadonlyMap<string, NetworkInfo> { return this.maps.networks; }

  onDidChange(listener: Listener<StoreChange>): Disposable { return this.changeEmitter.event(listener); }
  onDidChangeState(listener: Listener<EngineState>): Disposable { return this.stateEmitter.event(listener); }

  client(): Docker | undefined { return this.docker; }

  settled(): Promise<void> { return this.attempt; }

  async retry(): Promise<void> {
    if (this.disposed) return;
    if (this.currentState.kind === 'connected') return this.refresh();
    this.attempt = this.connect(true);
    return this.attempt;
  }

  refresh(): Promise<void> {
    if (this.disposed || this.currentState.kind !== 'connected') return this.attempt;
    return new Promise<void>((resolve) => {
      for (const kind of KINDS) this.pending.relist.add(kind);
      this.pending.waiters.push(resolve);
      this.scheduleDrain();
    });
  }

  async switchEndpoint(endpoint: EngineEndpoint): Promise<void> {
    if (this.disposed) return;
    this.currentEndpoint = endpoint;
    this.teardown();
    // The old engine's objects go at once: the views must not show them under the new name.
    for (const kind of KINDS) this.replaceKind(kind, new Map());
    this.attempt = this.connect(true);
    return this.attempt;
  }

  async imageHistory(imageId: string): Promise<readonly ImageLayer[]> {
    const docker = this.requireClient();
    const raw = await apiJson<RawHistoryEntry[]>(docker, { path: `/images/${imageId}/history`, signal: this.abort.signal, timeoutMs: this.timeoutMs });
    return raw.map(toImageLayer);
  }

  async volumeSizes(): Promise<ReadonlyMap<string, number>> {
    const docker = this.requireClient();
    const signal = this.abort.signal;
    // Another client's disk usage (the CLI, a prune's estimate) makes a 20.10 engine refuse ours: wait for it.
    const df = await retryWhileEngineBusy(() => apiJson<{ Volumes?: Array<{ Name: string; UsageData?: { Size?: number } | null }> | null }>(
      docker, { path: '/system/df', signal, timeoutMs: Math.max(this.timeoutMs, 60_000) }), { signal });
    const sizes = new Map<string, number>();
    for (const v of df.Volumes ?? []) {
      const size = v.UsageData?.Size;
      if (typeof size === 'number' && size >= 0) sizes.set(v.Name, size); // -1: the engine does not know
    }
    return sizes;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.teardown();
    this.generation++;
    this.releaseWaiters();
    this.changeEmitter.dispose();
    this.stateEmitter.dispose();
  }

  // ---- connection --------------------------------------------------------------------------

  /**
   * One connection attempt: version, then the events stream (opened BEFORE listing, so nothing
   * that happens during the listing is missed), then every list. `announce` shows "connecting"
   * first (a user's action); background retries keep showing "unreachable" until they succeed.
   */
  private async connect(announce: boolean): Promise<void> {
    this.teardown();
    const generation = ++this.generation;
    const endpoint = this.currentEndpoint;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.listed = false;
    this.pending = carryWaiters(this.pending);
    if (announce) this.setState({ kind: 'connecting' });
    try {
      const docker = (this.options.createClient ?? ((ep, onRequest) => createDockerClient(ep, { onRequest, env: this.options.env })))(
        endpoint, (request) => this.countRequest(request));
      this.docker = docker;
      const version = await apiJson<{ Version?: string; ApiVersion?: string }>(docker, { path: '/version', signal, timeoutMs: this.timeoutMs });
      if (generation !== this.generation) return;
      const stream = await apiStream(docker, { path: '/events', signal, timeoutMs: this.timeoutMs });
      if (generation !== this.generation) {
        stream.destroy();
        return;
      }
      this.follow(stream, generation);
      const lists = await this.listAll(docker, signal);
      if (generation !== this.generation) return;
      // Volumes before containers: a container's mounts are told apart by the volumes' labels.
      for (const kind of APPLY_ORDER) this.replaceKind(kind, lists[kind]);
      this.backoffMs = this.initialBackoffMs;
      this.setState({ kind: 'connected', version: version.Version ?? '', apiVersion: version.ApiVersion ?? '' });
      this.listed = true;
      this.releaseWaiters(); // a refresh() asked for during the connection: the listing just did it
      this.scheduleDrain();
    } catch (error) {
      if (generation !== this.generation || this.disposed) return;
      this.teardown();
      const problem = classifyEngineError(error, endpoint);
      for (const kind of KINDS) this.replaceKind(kind, new Map());
      this.setState({ kind: 'unreachable', ...problem });
      this.releaseWaiters();
      this.scheduleReconnect(generation);
    }
  }

  private follow(stream: IncomingMessage, generation: number): void {
    this.stream = stream;
    // A remote engine that vanishes without closing the connection is found by TCP keep-alive.
    (stream.socket as { setKeepAlive?: (on: boolean, ms: number) => void } | null)?.setKeepAlive?.(true, 15_000);
    const splitter = new JsonLineSplitter();
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      if (generation !== this.generation) return;
      for (const event of splitter.push(chunk)) this.enqueue(refreshesFor(event));
    });
    let broken = false;
    const onBroken = (): void => {
      if (broken) return;
      broken = true;
      // Not after our own teardown (a switch, a failed attempt, dispose): only a real break.
      if (generation !== this.generation || this.disposed || this.stream !== stream) return;
      // Try again at once (a restarted engine, a dropped proxy); back-off starts if that fails.
      this.attempt = this.connect(false);
    };
    stream.on('end', onBroken);
    stream.on('close', onBroken);
    stream.on('error', onBroken);
  }

  private scheduleReconnect(generation: number): void {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (generation !== this.generation || this.disposed) return;
      this.attempt = this.connect(false);
    }, delay);
    this.reconnectTimer.unref?.();
  }

  private teardown(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.abort.abort();
    const stream = this.stream;
    this.stream = undefined;
    stream?.destroy();
    closeDockerClient(this.docker);
  }

  private async listAll(docker: Docker, signal: AbortSignal): Promise<Record<ResourceKind, Map<string, Info>>> {
    const [containers, images, volumes, networks] = await Promise.all(KINDS.map((kind) => this.listKind(docker, kind, signal)));
    return { containers, images, volumes, networks };
  }

  private async listKind(docker: Docker, kind: ResourceKind, signal: AbortSignal): Promise<Map<string, Info>> {
    const call = { signal, timeoutMs: Math.max(this.timeoutMs, 30_000) };
    const result = new Map<string, Info>();
    switch (kind) {
      case 'containers': {
        // Volumes first would be needed to tell anonymous volumes by label; the listing runs in
        // parallel, so mounts use the name rule here and are re-mapped in replaceKind.
        const raw = await apiJson<RawContainer[]>(docker, { ...call, path: '/containers/json', query: { all: true } });
        for (const c of raw) result.set(c.Id, this.mapContainer(c));
        // A container made from a bare image id may be a classic build's step container: only
        // an inspect shows its log config (mapping.isBuildStep). Usually there is none.
        const candidates = raw.filter((c) => maybeBuildStep(c.Image)).map((c) => c.Id);
        await mapLimited(candidates, READ_CONCURRENCY, async (id) => {
          try {
            result.set(id, this.mapInspectedContainer(await apiJson<RawContainerInspect>(docker, { ...call, path: `/containers/${id}/json` })));
          } catch (error) {
            if (!isNotFound(error)) throw error;
            result.delete(id); // gone since the list: its destroy event removes nothing then
          }
        });
        break;
      }
      case 'images': {
        const raw = await apiJson<RawImage[]>(docker, { ...call, path: '/images/json' });
        for (const i of raw) result.set(i.Id, toImageInfo(i));
        break;
      }
      case 'volumes': {
        const raw = await apiJson<{ Volumes?: RawVolume[] | null }>(docker, { ...call, path: '/volumes' });
        for (const v of raw.Volumes ?? []) result.set(v.Name, toVolumeInfo(v));
        break;
      }
      case 'networks': {
        const raw = await apiJson<RawNetwork[]>(docker, { ...call, path: '/networks' });
        for (const n of raw) result.set(n.Id, toNetworkInfo(n));
        break;
      }
    }
    return result;
  }

  // ---- applying events ---------------------------------------------------------------------

  private enqueue(refreshes: readonly Refresh[]): void {
    if (refreshes.length === 0) return;
    for (const r of refreshes) {
      if (r.op === 'relist') {
        this.pending.relist.add(r.kind);
        continue;
      }
      if (r.name) this.renamedTo.set(r.key, r.name);
      let ops = this.pending.reads.get(r.kind);
      if (!ops) this.pending.reads.set(r.kind, (ops = new Map()));
      ops.delete(r.key); // re-insert: the latest op on a key wins and keeps event order
      ops.set(r.key, r.op);
    }
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.draining || !this.listed || this.disposed) return;
    this.draining = true;
    const generation = this.generation;
    setImmediate(() => {
      this.drain(generation).catch((error: unknown) => {
        // A read failed (the connection dropped, the engine answered 500...): the events stream's
        // end triggers a reconnect and a full re-list, which repairs whatever this batch missed.
        this.lastReadError = error;
      }).finally(() => {
        this.draining = false;
        if (hasWork(this.pending)) this.scheduleDrain();
      });
    });
  }

  /** Applies pending work one batch at a time, so a slower read never overwrites a newer one. */
  private async drain(generation: number): Promise<void> {
    while (generation === this.generation && hasWork(this.pending)) {
      const batch = this.pending;
      this.pending = emptyPending();
      try {
        await this.applyBatch(batch, generation);
      } finally {
        for (const resolve of batch.waiters) resolve();
      }
    }
  }

  private async applyBatch(batch: Pending, generation: number): Promise<void> {
    const docker = this.docker;
    if (!docker) return;
    const signal = this.abort.signal;
    const changed = new Map<ResourceKind, Set<string>>(KINDS.map((k) => [k, new Set<string>()]));
    const current = (): boolean => generation === this.generation;

    // Whole kinds to re-list are fetched together (a refresh costs one round of list calls).
    const relisted = new Map(await Promise.all([...batch.relist].map(async (kind) =>
      [kind, await this.listKind(docker, kind, signal).catch(() => undefined)] as const)));
    if (!current()) return;
    // Volumes and networks before containers: a container's mounts are told apart by volume labels.
    for (const kind of APPLY_ORDER) {
      if (relisted.has(kind)) {
        const fresh = relisted.get(kind);
        if (fresh) for (const id of this.replaceKind(kind, fresh, false)) changed.get(kind)!.add(id);
        continue;
      }
      const ops = batch.reads.get(kind);
      if (!ops || ops.size === 0) continue;
      const removes = [...ops].filter(([, op]) => op === 'remove').map(([key]) => key);
      const reads = [...ops].filter(([, op]) => op === 'read').map(([key]) => key);
      for (const key of removes) {
        if (kind === 'containers') this.renamedTo.delete(key);
        if (this.put(kind, key, undefined)) changed.get(kind)!.add(key);
      }
      const ids = await this.readSome(docker, kind, reads, signal);
      if (!current()) return;
      for (const id of ids) changed.get(kind)!.add(id);
    }
    for (const [kind, ids] of changed) if (ids.size > 0) this.changeEmitter.fire({ kind, ids: [...ids] });
  }

  /** Re-reads the named objects and applies them; returns the ids whose info changed. */
  private async readSome(docker: Docker, kind: ResourceKind, keys: readonly string[], signal: AbortSignal): Promise<string[]> {
    if (keys.length === 0) return [];
    const call = { signal, timeoutMs: this.timeoutMs };
    const changed: string[] = [];
    const apply = (id: string, info: Info | undefined): void => {
      if (this.put(kind, id, info)) changed.push(id);
    };
    switch (kind) {
      case 'containers':
        // Inspect, not the list call filtered by id: the engine announces `die` and `rename`
        // before its list view shows them (measured: about 1 read in 20 came back stale), while
        // inspect waits for the container's lock and so sees the state the event announced.
        await mapLimited(keys, READ_CONCURRENCY, async (id) => {
          try {
            apply(id, this.mapInspectedContainer(await apiJson<RawContainerInspect>(docker, { ...call, path: `/containers/${id}/json` })));
          } catch (error) {
            if (!isNotFound(error)) throw error;
            apply(id, undefined);
          }
        });
        break;
      case 'images': {
        const seen = new Set<string>();
        const readImage = async (key: string): Promise<ImageInfo | undefined> => {
          try {
            const info = toImageInfo(await apiJson<RawImage>(docker, { ...call, path: `/images/${key}/json` }));
            seen.add(info.id);
            apply(info.id, info);
            return info;
          } catch (error) {
            if (!isNotFound(error)) throw error;
            if (this.maps.images.has(key)) apply(key, undefined); // the key was an id: the image is gone
            return undefined;
          }
        };
        const read = await mapLimited(keys, READ_CONCURRENCY, readImage);
        // A tag that moved to this image left its old image without it, and the engine reports
        // only the new one: re-read every other image that still claims one of these tags.
        const claimed = new Set(read.flatMap((info) => info?.repoTags ?? []));
        const losers = [...this.maps.images.values()]
          .filter((other) => !seen.has(other.id) && other.repoTags.some((t) => claimed.has(t)))
          .map((other) => other.id);
        await mapLimited(losers, READ_CONCURRENCY, readImage);
        break;
      }
      case 'volumes':
        await mapLimited(keys, READ_CONCURRENCY, async (name) => {
          try {
            apply(name, toVolumeInfo(await apiJson<RawVolume>(docker, { ...call, path: `/volumes/${encodeURIComponent(name)}` })));
          } catch (error) {
            if (!isNotFound(error)) throw error;
            apply(name, undefined);
          }
        });
        break;
      case 'networks':
        await mapLimited(keys, READ_CONCURRENCY, async (id) => {
          try {
            apply(id, toNetworkInfo(await apiJson<RawNetwork>(docker, { ...call, path: `/networks/${encodeURIComponent(id)}` })));
          } catch (error) {
            if (!isNotFound(error)) throw error;
            apply(id, undefined);
          }
        });
        break;
    }
    return changed;
  }

  private mapInspectedContainer(raw: RawContainerInspect): ContainerInfo {
    const now = Date.now();
    const info = containerFromInspect(raw, (name) => isAnonymousVolumeName(name, this.maps.volumes.get(name)?.labels),
      (configImage, imageId) => this.imageShownFor(configImage, imageId), now);
    return { ...info, statusAt: now };
  }

  /** What the engine's list shows as a container's image: the name it was created from while that name still points at its image, else the id. */
  private imageShownFor(configImage: string, imageId: string): string {
    if (!configImage || configImage === imageId || imageId.replace(/^sha256:/, '').startsWith(configImage.replace(/^sha256:/, ''))) return configImage;
    const wanted = familiarReference(configImage);
    for (const image of this.maps.images.values()) {
      if (image.repoTags.includes(wanted) || image.repoDigests.includes(wanted)) return image.id === imageId ? configImage : imageId;
    }
    return imageId;
  }

  private mapContainer(raw: RawContainer): ContainerInfo {
    const preferred = this.renamedTo.get(raw.Id);
    if (preferred !== undefined && (raw.Names ?? []).filter((n) => n.lastIndexOf('/') === 0).length <= 1) this.renamedTo.delete(raw.Id);
    return { ...toContainerInfo(raw, (name) => isAnonymousVolumeName(name, this.maps.volumes.get(name)?.labels), preferred), statusAt: Date.now() };
  }

  /** Sets or deletes one object; true when that changed what the store holds. */
  private put(kind: ResourceKind, id: string, info: Info | undefined): boolean {
    const map = this.maps[kind] as Map<string, Info>;
    if (!info) {
      this.prints[kind].delete(id);
      return map.delete(id);
    }
    const print = fingerprint(info);
    if (this.prints[kind].get(id) === print) return false;
    map.set(id, info);
    this.prints[kind].set(id, print);
    return true;
  }

  /** Replaces a whole kind; fires the difference unless `fire` is false (the caller batches). */
  private replaceKind(kind: ResourceKind, fresh: Map<string, Info>, fire = true): string[] {
    const map = this.maps[kind] as Map<string, Info>;
    if (kind === 'containers') {
      // Re-map mounts now that the volumes (and their anonymous label) are known.
      const labelledAnonymous = (m: MountInfo): boolean =>
        m.kind === 'named-volume' && isAnonymousVolumeName(m.source, this.maps.volumes.get(m.source)?.labels);
      for (const [id, c] of fresh) {
        const container = c as ContainerInfo;
        if (!container.mounts.some(labelledAnonymous)) continue; // the common case: nothing to re-map
        const mounts = container.mounts.map((m) => (labelledAnonymous(m) ? { ...m, kind: 'anonymous-volume' as const } : m));
        fresh.set(id, { ...container, mounts });
      }
    }
    const changed: string[] = [];
    const oldPrints = this.prints[kind];
    const prints = new Map<string, string>();
    for (const id of map.keys()) if (!fresh.has(id)) changed.push(id);
    for (const [id, info] of fresh) {
      const print = fingerprint(info);
      prints.set(id, print);
      if (oldPrints.get(id) !== print) changed.push(id);
    }
    if (changed.length === 0) return changed;
    this.prints[kind] = prints;
    map.clear();
    for (const [id, info] of fresh) map.set(id, info);
    if (fire) this.changeEmitter.fire({ kind, ids: changed });
    return changed;
  }

  private setState(state: EngineState): void {
    if (JSON.stringify(state) === JSON.stringify(this.currentState)) return;
    this.currentState = state;
    this.stateEmitter.fire(state);
  }

  private countRequest(request: EngineRequest): void {
    this.count++;
    this.log.push(request);
    const max = this.options.requestLogSize ?? 1000;
    if (this.log.length > max) this.log.splice(0, this.log.length - max);
  }

  private requireClient(): Docker {
    if (!this.docker || this.currentState.kind !== 'connected') {
      throw new Error(this.currentState.kind === 'unreachable' ? this.currentState.message : 'The engine is not connected yet.');
    }
    return this.docker;
  }

  private releaseWaiters(): void {
    const waiters = this.pending.waiters;
    this.pending.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** What tells a change from a re-read that found the same thing (when a status was read is not a change). */
function fingerprint(info: Info): string {
  if (!('statusAt' in info)) return JSON.stringify(info);
  const { statusAt, ...rest } = info;
  return JSON.stringify(rest);
}

function emptyPending(): Pending {
  return { reads: new Map(), relist: new Set(), waiters: [] };
}

/** A new connection re-lists everything, so only the waiters of the old queue survive. */
function carryWaiters(old: Pending): Pending {
  return { ...emptyPending(), waiters: old.waiters };
}

function hasWork(p: Pending): boolean {
  return p.relist.size > 0 || [...p.reads.values()].some((ops) => ops.size > 0);
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
