// From the engine API's JSON (as dockerode returns it) to the model's types. The engine leaves
// many fields null or missing depending on version and object; every reader here tolerates that.
import type {
  ContainerInfo, ContainerState, ImageInfo, ImageLayer, MountInfo, MountKind, NetworkInfo, PortMapping, VolumeInfo,
} from './model';

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const ANONYMOUS_VOLUME_LABEL = 'com.docker.volume.anonymous';
const HEX64 = /^[0-9a-f]{64}$/;

/** GET /containers/json (one element). */
export interface RawContainer {
  Id: string;
  Names?: string[] | null;
  Image?: string;
  ImageID?: string;
  Command?: string;
  Created?: number;
  State?: string;
  Status?: string;
  Ports?: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type?: string }> | null;
  Labels?: Record<string, string> | null;
  Mounts?: Array<{ Type?: string; Name?: string; Source?: string; Destination?: string; RW?: boolean }> | null;
  NetworkSettings?: { Networks?: Record<string, RawEndpoint | null> | null } | null;
  HostConfig?: { NetworkMode?: string; LogConfig?: { Type?: string } | null } | null;
}

/** One network of a container's NetworkSettings: the endpoint id is empty while it is not attached. */
export interface RawEndpoint {
  EndpointID?: string;
}

/** GET /containers/{id}/json: the fields the explorer needs. */
export interface RawContainerInspect {
  Id: string;
  Name?: string;
  Created?: string;
  Path?: string;
  Args?: string[] | null;
  Image?: string; // the image id
  State?: {
    Status?: string; Running?: boolean; Paused?: boolean; Restarting?: boolean; Dead?: boolean;
    ExitCode?: number; StartedAt?: string; FinishedAt?: string; Health?: { Status?: string } | null;
  } | null;
  Config?: { Image?: string; Labels?: Record<string, string> | null } | null;
  HostConfig?: { LogConfig?: { Type?: string } | null } | null;
  Mounts?: RawContainer['Mounts'];
  NetworkSettings?: {
    Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null;
    Networks?: Record<string, RawEndpoint | null> | null;
  } | null;
}

/** GET /images/json (one element) or GET /images/{id}/json: the fields both share, roughly. */
export interface RawImage {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: number | string;
  Size?: number;
  Labels?: Record<string, string> | null;
  Config?: { Labels?: Record<string, string> | null } | null;
}

/** GET /volumes (one element of Volumes) or GET /volumes/{name}. */
export interface RawVolume {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
  Scope?: string;
}

/** GET /networks (one element) or GET /networks/{id}. */
export interface RawNetwork {
  Id: string;
  Name?: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Labels?: Record<string, string> | null;
}

/** GET /images/{id}/history (one element). */
export interface RawHistoryEntry {
  Id?: string;
  Created?: number;
  CreatedBy?: string;
  Size?: number;
  Comment?: string;
}

const STATES: ReadonlySet<string> = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

/** Anonymous volumes are named with 64 hex characters (or, on newer engines, labelled so). */
export function isAnonymousVolumeName(name: string, labels?: Readonly<Record<string, string>> | null): boolean {
  return HEX64.test(name) || (labels != null && ANONYMOUS_VOLUME_LABEL in labels);
}

/**
 * Whether a container is one the classic builder made for a Dockerfile step. The builder creates
 * it from the previous step's image by id (`sha256:...`, which people do not type) with logging
 * turned off (`LogConfig.Type` "none", moby's builder/dockerfile hostConfigFromOptions), and
 * removes it once the step is committed. The list call does not show the log config, so from a
 * list only `maybeBuildStep` can be told; an inspect decides.
 */
export function isBuildStep(configImage: string | undefined, logType: string | undefined): boolean {
  return maybeBuildStep(configImage) && logType === 'none';
}

/** The list call's half of isBuildStep: created from a full image id. */
export function maybeBuildStep(configImage: string | undefined): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(configImage ?? '');
}

/**
 * @param isAnonymousVolume tells a named from an anonymous volume by name; the store passes one
 *   that also consults the volume's labels.
 */
export function toContainerInfo(
  raw: RawContainer,
  isAnonymousVolume: (name: string) => boolean = (n) => isAnonymousVolumeName(n),
  preferredName?: string,
): ContainerInfo {
  const labels = { ...(raw.Labels ?? {}) };
  const own = ownName(raw, preferredName);
  const state = (raw.State ?? '').toLowerCase();
  const composeProject = labels[COMPOSE_PROJECT_LABEL];
  return {
    id: raw.Id,
    name: own.replace(/^\//, ''),
    image: raw.Image ?? '',
    imageId: raw.ImageID ?? '',
    command: raw.Command ?? '',
    created: raw.Created ?? 0,
    state: (STATES.has(state) ? state : 'dead') as ContainerState,
    status: raw.Status ?? '',
    // The engine lists ports in map order, which changes from call to call: sort them.
    ports: (raw.Ports ?? []).map(toPort).sort(comparePorts),
    mounts: (raw.Mounts ?? []).map((m) => toMount(m, isAnonymousVolume)),
    networks: Object.keys(raw.NetworkSettings?.Networks ?? {}).sort(),
    attachedNetworks: Object.entries(raw.NetworkSettings?.Networks ?? {}).filter(([, e]) => Boolean(e?.EndpointID)).map(([n]) => n).sort(),
    labels,
    ...(composeProject ? { composeProject } : {}),
    ...(isBuildStep(raw.Image, raw.HostConfig?.LogConfig?.Type ?? undefined) ? { buildStep: true } : {}),
  };
}

/**
 * Names holds "/name" plus "/other/alias" entries for legacy links; the own name has one slash.
 * Right after a rename the engine briefly lists the old and the new name: `preferred` (the new
 * name, from the rename event) decides.
 */
export function ownName(raw: Pick<RawContainer, 'Id' | 'Names'>, preferred?: string): string {
  const names = raw.Names ?? [];
  if (preferred && names.includes(`/${preferred}`)) return `/${preferred}`;
  return names.find((n) => n.lastIndexOf('/') === 0) ?? names[0] ?? raw.Id.slice(0, 12);
}

/**
 * The same ContainerInfo from an inspect, as the list call would give it: the engine's list view
 * lags its events (a `die` or `rename` is announced before the list shows it), inspect does not.
 * `imageName` decides what `image` shows (the list shows the id once the tag moved elsewhere).
 */
export function containerFromInspect(
  raw: RawContainerInspect,
  isAnonymousVolume: (name: string) => boolean = (n) => isAnonymousVolumeName(n),
  imageName: (configImage: string, imageId: string) => string = (name) => name,
  now: number = Date.now(),
): ContainerInfo {
  const state = raw.State ?? {};
  const ports: NonNullable<RawContainer['Ports']> = [];
  for (const [key, bindings] of Object.entries(raw.NetworkSettings?.Ports ?? {})) {
    const [port, type] = key.split('/');
    if (!bindings || bindings.length === 0) ports.push({ PrivatePort: Number(port), Type: type });
    else for (const b of bindings) ports.push({ IP: b.HostIp, PrivatePort: Number(port), PublicPort: Number(b.HostPort) || undefined, Type: type });
  }
  const args = (raw.Args ?? []).map((a) => (a.includes(' ') ? `'${a}'` : a));
  const info = toContainerInfo({
    Id: raw.Id,
    Names: raw.Name ? [raw.Name] : [],
    Image: imageName(raw.Config?.Image ?? '', raw.Image ?? ''),
    ImageID: raw.Image,
    Command: args.length ? `${raw.Path ?? ''} ${args.join(' ')}` : raw.Path ?? '',
    Created: raw.Created ? Math.floor(Date.parse(raw.Created) / 1000) : 0,
    State: state.Status,
    Status: statusText(state, now),
    Ports: ports,
    Labels: raw.Config?.Labels ?? {},
    Mounts: raw.Mounts,
    NetworkSettings: { Networks: raw.NetworkSettings?.Networks ?? {} },
  }, isAnonymousVolume);
  // Decided on the image as created (the shown one may be a tag that moved) and the log config.
  return isBuildStep(raw.Config?.Image, raw.HostConfig?.LogConfig?.Type ?? undefined) ? { ...info, buildStep: true } : info;
}

/** The engine's status text ("Up 5 minutes", "Exited (0) 2 hours ago"), as its list call writes it. */
export function statusText(state: NonNullable<RawContainerInspect['State']>, now: number = Date.now()): string {
  const since = (iso: string | undefined): string => humanDuration(now - (iso ? Date.parse(iso) : now));
  const started = state.StartedAt && !state.StartedAt.startsWith('0001-') ? state.StartedAt : undefined;
  const finished = state.FinishedAt && !state.FinishedAt.startsWith('0001-') ? state.FinishedAt : undefined;
  if (state.Running) {
    if (state.Paused) return `Up ${since(started)} (Paused)`;
    if (state.Restarting) return `Restarting (${state.ExitCode ?? 0}) ${since(finished)} ago`;
    const health = state.Health?.Status;
    if (health && health !== 'none') return `Up ${since(started)} (${health === 'starting' ? 'health: starting' : health})`;
    return `Up ${since(started)}`;
  }
  if (state.Status === 'removing') return 'Removal In Progress';
  if (state.Dead) return 'Dead';
  if (!started) return 'Created';
  if (!finished) return '';
  return `Exited (${state.ExitCode ?? 0}) ${since(finished)} ago`;
}

/**
 * The container's status text as the engine would write it at `now`: "Up 5 minutes" read an hour
 * ago is "Up About an hour" now. Texts without a duration ("Created", "Dead") are returned as is.
 */
export function liveStatusText(container: Pick<ContainerInfo, 'status' | 'statusAt'>, now: number = Date.now()): string {
  const { status, statusAt } = container;
  if (statusAt === undefined || now <= statusAt) return status;
  const m = /^(Up |Exited \(-?\d+\) |Restarting \(-?\d+\) )(.+?)( ago)?( \((?:Paused|healthy|unhealthy|health: starting)\))?$/.exec(status);
  if (!m) return status;
  const elapsed = parseHumanDuration(m[2]);
  if (elapsed === undefined) return status;
  return `${m[1]}${humanDuration(elapsed + (now - statusAt))}${m[3] ?? ''}${m[4] ?? ''}`;
}

/** The shortest duration (ms) humanDuration would write as `text`; undefined if it is not one of its texts. */
export function parseHumanDuration(text: string): number | undefined {
  if (text === 'Less than a second') return 0;
  if (text === 'About a minute') return 60_000;
  if (text === 'About an hour') return 3_600_000;
  const m = /^(\d+) (second|minute|hour|day|week|month|year)s?$/.exec(text);
  if (!m) return undefined;
  const unit = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000, year: 365 * 86_400_000 }[m[2]]!;
  return Number(m[1]) * unit;
}

/** Docker's HumanDuration (github.com/docker/go-units), which its status texts use. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

function comparePorts(a: PortMapping, b: PortMapping): number {
  return a.privatePort - b.privatePort || a.protocol.localeCompare(b.protocol) || (a.hostIp ?? '').localeCompare(b.hostIp ?? '') || (a.publicPort ?? 0) - (b.publicPort ?? 0);
}

function toPort(p: { IP?: string; PrivatePort: number; PublicPort?: number; Type?: string }): PortMapping {
  const protocol = p.Type === 'udp' || p.Type === 'sctp' ? p.Type : 'tcp';
  return {
    privatePort: p.PrivatePort,
    ...(p.PublicPort ? { publicPort: p.PublicPort } : {}),
    ...(p.IP ? { hostIp: p.IP } : {}),
    protocol,
  };
}

function toMount(m: { Type?: string; Name?: string; Source?: string; Destination?: string; RW?: boolean }, isAnonymousVolume: (name: string) => boolean): MountInfo {
  let kind: MountKind;
  let source = m.Source ?? '';
  switch (m.Type) {
    case 'volume':
      source = m.Name ?? source;
      kind = isAnonymousVolume(source) ? 'anonymous-volume' : 'named-volume';
      break;
    case 'bind':
      kind = 'bind';
      break;
    case 'tmpfs':
      kind = 'tmpfs';
      break;
    default:
      kind = 'other';
  }
  return { kind, source, destination: m.Destination ?? '', readOnly: m.RW === false };
}

export function toImageInfo(raw: RawImage): ImageInfo {
  // Older engines list an untagged image as "<none>:<none>" / "<none>@<none>".
  const repoTags = (raw.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  const repoDigests = (raw.RepoDigests ?? []).filter((d) => d !== '<none>@<none>');
  const created = typeof raw.Created === 'string' ? Math.floor(Date.parse(raw.Created) / 1000) : raw.Created ?? 0;
  return {
    id: raw.Id,
    repoTags,
    repoDigests,
    created: Number.isFinite(created) ? created : 0,
    size: raw.Size ?? 0,
    labels: { ...(raw.Labels ?? raw.Config?.Labels ?? {}) },
    dangling: repoTags.length === 0,
  };
}

export function toVolumeInfo(raw: RawVolume): VolumeInfo {
  const labels = { ...(raw.Labels ?? {}) };
  return {
    name: raw.Name,
    driver: raw.Driver ?? '',
    mountpoint: raw.Mountpoint ?? '',
    ...(raw.CreatedAt ? { createdAt: raw.CreatedAt } : {}),
    labels,
    scope: raw.Scope ?? 'local',
    anonymous: isAnonymousVolumeName(raw.Name, labels),
  };
}

export function toNetworkInfo(raw: RawNetwork): NetworkInfo {
  return {
    id: raw.Id,
    name: raw.Name ?? raw.Id.slice(0, 12),
    driver: raw.Driver ?? '',
    scope: raw.Scope ?? 'local',
    internal: raw.Internal === true,
    labels: { ...(raw.Labels ?? {}) },
  };
}

export function toImageLayer(raw: RawHistoryEntry): ImageLayer {
  return {
    id: raw.Id || '<missing>',
    createdBy: raw.CreatedBy ?? '',
    created: raw.Created ?? 0,
    size: raw.Size ?? 0,
    comment: raw.Comment ?? '',
  };
}

/** `busybox` -> `busybox:latest`, `docker.io/library/x:1` -> `x:1`: references as the engine lists them. */
export function familiarReference(ref: string): string {
  let name = ref.replace(/^(?:index\.)?docker\.io\/(?:library\/)?/, '');
  if (name.includes('@')) return name;
  const lastSlash = name.lastIndexOf('/');
  if (!name.slice(lastSlash + 1).includes(':')) name = `${name}:latest`;
  return name;
}
