// An in-memory EngineStore for the tree model's unit tests: the trees' diffing and layout are
// pure logic over the store's maps (the real store is tested against a real engine in the engine
// tier, and the trees over the real store in the VS Code tier).
import { Emitter } from '../../../src/engine/emitter';
import type {
  ContainerInfo, EngineEndpoint, EngineState, EngineStore, ImageInfo, ImageLayer, NetworkInfo, ResourceKind, StoreChange, VolumeInfo,
} from '../../../src/engine/model';

export class MemoryStore implements EngineStore {
  state: EngineState = { kind: 'connected', version: '20.10.24', apiVersion: '1.41' };
  endpoint: EngineEndpoint = { name: 'default', host: 'unix:///var/run/docker.sock', kind: 'unix', source: 'default' };
  readonly maps = {
    containers: new Map<string, ContainerInfo>(),
    images: new Map<string, ImageInfo>(),
    volumes: new Map<string, VolumeInfo>(),
    networks: new Map<string, NetworkInfo>(),
  };
  history = new Map<string, ImageLayer[]>();
  historyReads = 0;
  private readonly changes = new Emitter<StoreChange>();
  private readonly states = new Emitter<EngineState>();

  containers(): ReadonlyMap<string, ContainerInfo> { return this.maps.containers; }
  images(): ReadonlyMap<string, ImageInfo> { return this.maps.images; }
  volumes(): ReadonlyMap<string, VolumeInfo> { return this.maps.volumes; }
  networks(): ReadonlyMap<string, NetworkInfo> { return this.maps.networks; }
  onDidChange = this.changes.event;
  onDidChangeState = this.states.event;
  async retry(): Promise<void> {}
  async switchEndpoint(endpoint: EngineEndpoint): Promise<void> { this.endpoint = endpoint; this.setState(this.state); }
  async imageHistory(imageId: string): Promise<readonly ImageLayer[]> {
    this.historyReads++;
    const layers = this.history.get(imageId);
    if (!layers) throw new Error(`No such image: ${imageId}`);
    return layers;
  }
  async volumeSizes(): Promise<ReadonlyMap<string, number>> { return new Map([...this.maps.volumes.keys()].map((name, i) => [name, (i + 1) * 1000])); }
  dispose(): void { this.changes.dispose(); this.states.dispose(); }

  put(kind: 'containers', value: ContainerInfo): void;
  put(kind: 'images', value: ImageInfo): void;
  put(kind: 'volumes', value: VolumeInfo): void;
  put(kind: 'networks', value: NetworkInfo): void;
  put(kind: ResourceKind, value: ContainerInfo | ImageInfo | VolumeInfo | NetworkInfo): void {
    const id = 'id' in value ? value.id : value.name;
    (this.maps[kind] as Map<string, unknown>).set(id, value);
    this.changes.fire({ kind, ids: [id] });
  }

  remove(kind: ResourceKind, id: string): void {
    this.maps[kind].delete(id);
    this.changes.fire({ kind, ids: [id] });
  }

  setState(state: EngineState): void {
    this.state = state;
    this.states.fire(state);
  }
}

let counter = 0;
const hex = (n: number): string => n.toString(16).padStart(64, '0');

export function container(overrides: Partial<ContainerInfo> = {}): ContainerInfo {
  counter++;
  return {
    id: hex(counter),
    name: `c${counter}`,
    image: 'busybox:local',
    imageId: `sha256:${hex(1000)}`,
    command: 'sleep 1000',
    created: 1_700_000_000 + counter,
    state: 'running',
    status: 'Up 5 minutes',
    ports: [],
    mounts: [],
    networks: ['bridge'],
    labels: {},
    ...overrides,
  };
}

export function image(overrides: Partial<ImageInfo> = {}): ImageInfo {
  counter++;
  return {
    id: `sha256:${hex(counter)}`,
    repoTags: [],
    repoDigests: [],
    created: 1_700_000_000 + counter,
    size: 1_234_567,
    labels: {},
    dangling: false,
    ...overrides,
  };
}

export function volume(overrides: Partial<VolumeInfo> = {}): VolumeInfo {
  counter++;
  return { name: `v${counter}`, driver: 'local', mountpoint: `/var/lib/docker/volumes/v${counter}/_data`, labels: {}, scope: 'local', anonymous: false, ...overrides };
}

export function network(overrides: Partial<NetworkInfo> = {}): NetworkInfo {
  counter++;
  return { id: hex(counter + 5000), name: `n${counter}`, driver: 'bridge', scope: 'local', internal: false, labels: {}, ...overrides };
}
