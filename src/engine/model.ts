// The engine's objects as the explorer and commands see them, independent of dockerode's shapes.
// No `vscode` import here: this layer is shared with the CLI and tested under plain Node.

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface PortMapping {
  readonly privatePort: number;
  readonly publicPort?: number;
  readonly hostIp?: string;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
}

export type MountKind = 'named-volume' | 'anonymous-volume' | 'bind' | 'tmpfs' | 'other';

export interface MountInfo {
  readonly kind: MountKind;
  /** Volume name for volumes, host path for binds. */
  readonly source: string;
  readonly destination: string;
  readonly readOnly: boolean;
}

export interface ContainerInfo {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly imageId: string;
  readonly command: string;
  readonly created: number; // seconds since the epoch
  readonly state: ContainerState;
  /** The engine's human status text ("Up 5 minutes"); it ticks, so never part of a node id. */
  readonly status: string;
  readonly ports: readonly PortMapping[];
  readonly mounts: readonly MountInfo[];
  /** The networks the container is configured for (what its children list). */
  readonly networks: readonly string[];
  /**
   * Of those, the ones it is attached to now: it has an endpoint there, as `docker network
   * inspect` lists it. A container created but never started, or stopped, has none.
   */
  readonly attachedNetworks?: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly composeProject?: string;
  /**
   * A temporary container the classic builder made for one Dockerfile step (it removes it when
   * the step is committed): not one of the user's containers, so the views leave it out.
   */
  readonly buildStep?: boolean;
  /**
   * When `status` was read from the engine (ms since the epoch). The engine's text does not tick
   * by itself: `liveStatusText(container, Date.now())` (engine/mapping.ts) renders it for now.
   */
  readonly statusAt?: number;
}

export interface ImageInfo {
  readonly id: string;
  readonly repoTags: readonly string[]; // empty for a dangling image
  readonly repoDigests: readonly string[];
  readonly created: number;
  readonly size: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly dangling: boolean;
}

export interface VolumeInfo {
  readonly name: string;
  readonly driver: string;
  readonly mountpoint: string;
  readonly createdAt?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly scope: string;
  /** Anonymous volumes: 64 hex characters, or labelled `com.docker.volume.anonymous`. */
  readonly anonymous: boolean;
}

export interface NetworkInfo {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly scope: string;
  readonly internal: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

export type UnreachableReason = 'not-running' | 'permission-denied' | 'wrong-host' | 'tls' | 'ssh' | 'unknown';

export type EngineState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'connected'; readonly version: string; readonly apiVersion: string }
  | { readonly kind: 'unreachable'; readonly reason: UnreachableReason; readonly message: string; readonly hint: string };

export type ResourceKind = 'containers' | 'images' | 'volumes' | 'networks';

/** What changed in the store: ids (container/image/network ids, volume names) added, updated or removed. */
export interface StoreChange {
  readonly kind: ResourceKind;
  readonly ids: readonly string[];
}

export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;

/** Where an engine lives: the endpoints a user can switch between in the Contexts view. */
export interface EngineEndpoint {
  /** Context name ("default" for DOCKER_HOST / the default socket). */
  readonly name: string;
  readonly description?: string;
  /** unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host:22, npipe://... */
  readonly host: string;
  readonly kind: 'unix' | 'tcp' | 'ssh' | 'npipe';
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string; readonly verify: boolean };
  /** Where the endpoint came from: the environment, the Docker CLI's contexts, or the built-in default. */
  readonly source: 'env' | 'cli-context' | 'default';
}

export interface ImageLayer {
  readonly id: string; // "<missing>" for layers pulled without their own id
  readonly createdBy: string;
  readonly created: number;
  readonly size: number;
  readonly comment: string;
}

/**
 * The explorer's single source of truth: one `/events` stream keeps it current. Implemented in
 * `engine/store.ts` (createEngineStore); read by `explorer/` and `commands/`.
 */
export interface EngineStore extends Disposable {
  readonly state: EngineState;
  readonly endpoint: EngineEndpoint;
  containers(): ReadonlyMap<string, ContainerInfo>;
  images(): ReadonlyMap<string, ImageInfo>;
  volumes(): ReadonlyMap<string, VolumeInfo>;
  networks(): ReadonlyMap<string, NetworkInfo>;
  /** Containers attached to each network (network id -> container ids), derived from containers(). */
  onDidChange(listener: Listener<StoreChange>): Disposable;
  onDidChangeState(listener: Listener<EngineState>): Disposable;
  /** Reconnect now (the Retry button), without waiting for the back-off. */
  retry(): Promise<void>;
  /** Re-point the store at another engine; everything is re-listed. */
  switchEndpoint(endpoint: EngineEndpoint): Promise<void>;
  /** Lazy reads, not kept current by events. */
  imageHistory(imageId: string): Promise<readonly ImageLayer[]>;
  /** Volume sizes from /system/df (slow on big engines: call only when a user asks). */
  volumeSizes(): Promise<ReadonlyMap<string, number>>;
}
