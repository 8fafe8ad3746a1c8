// BuildKit's progress as the engine streams it for `POST /build?version=2`: messages
// `{"id":"moby.buildkit.trace","aux":"<base64>"}` whose payload is a protobuf
// `moby.buildkit.v1.StatusResponse` (moby/buildkit api/services/control/control.proto): the
// vertexes of the build graph (name, cached, started, completed, error), status lines (context
// transfer, layer export) and the log bytes each RUN printed. No `vscode` import.
//
// The schema is given here as JSON, not loaded from a .proto file: the extension is one esbuild
// bundle, and dockerode's own decoder (lib/buildkit.js) reads its .proto from beside its sources,
// which the bundle does not ship. Only the fields Layerwise reads are declared; protobuf skips the
// rest, so newer engines (warnings, progress groups) decode as well.
import { Root, Type } from 'protobufjs';

export interface TraceVertex {
  readonly digest: string;
  readonly inputs: readonly string[];
  readonly name: string;
  readonly cached: boolean;
  /** Milliseconds since the epoch, by the engine's clock. */
  readonly started?: number;
  readonly completed?: number;
  readonly error?: string;
}

export interface TraceStatus {
  readonly id: string;
  readonly vertex: string;
  readonly name: string;
  readonly current: number;
  readonly total: number;
  readonly timestamp?: number;
  readonly started?: number;
  readonly completed?: number;
}

export interface TraceLog {
  readonly vertex: string;
  readonly timestamp?: number;
  /** 1 stdout, 2 stderr. */
  readonly stream: number;
  readonly text: string;
}

export interface TraceUpdate {
  readonly vertexes: readonly TraceVertex[];
  readonly statuses: readonly TraceStatus[];
  readonly logs: readonly TraceLog[];
}

const timestamp = { type: 'Timestamp' };
const schema = {
  nested: {
    StatusResponse: {
      fields: {
        vertexes: { rule: 'repeated', type: 'Vertex', id: 1 },
        statuses: { rule: 'repeated', type: 'VertexStatus', id: 2 },
        logs: { rule: 'repeated', type: 'VertexLog', id: 3 },
      },
    },
    Vertex: {
      fields: {
        digest: { type: 'string', id: 1 },
        inputs: { rule: 'repeated', type: 'string', id: 2 },
        name: { type: 'string', id: 3 },
        cached: { type: 'bool', id: 4 },
        started: { ...timestamp, id: 5 },
        completed: { ...timestamp, id: 6 },
        error: { type: 'string', id: 7 },
      },
    },
    VertexStatus: {
      fields: {
        ID: { type: 'string', id: 1 },
        vertex: { type: 'string', id: 2 },
        name: { type: 'string', id: 3 },
        current: { type: 'int64', id: 4 },
        total: { type: 'int64', id: 5 },
        timestamp: { ...timestamp, id: 6 },
        started: { ...timestamp, id: 7 },
        completed: { ...timestamp, id: 8 },
      },
    },
    VertexLog: {
      fields: {
        vertex: { type: 'string', id: 1 },
        timestamp: { ...timestamp, id: 2 },
        stream: { type: 'int64', id: 3 },
        msg: { type: 'bytes', id: 4 },
      },
    },
    // google.protobuf.Timestamp's wire format.
    Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
  },
};

let statusResponse: Type | undefined;
function statusType(): Type {
  statusResponse ??= Root.fromJSON(schema).lookupType('StatusResponse');
  return statusResponse;
}

interface RawTimestamp { seconds?: number; nanos?: number }
interface RawResponse {
  vertexes?: Array<{ digest?: string; inputs?: string[]; name?: string; cached?: boolean; started?: RawTimestamp; completed?: RawTimestamp; error?: string }>;
  statuses?: Array<{ ID?: string; vertex?: string; name?: string; current?: number; total?: number; timestamp?: RawTimestamp; started?: RawTimestamp; completed?: RawTimestamp }>;
  logs?: Array<{ vertex?: string; timestamp?: RawTimestamp; stream?: number; msg?: Uint8Array }>;
}

const millis = (t: RawTimestamp | undefined): number | undefined => (t ? (t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : undefined);

/** Decodes one `moby.buildkit.trace` aux payload (base64). Throws on bytes that are not a StatusResponse. */
export function decodeTrace(base64: string): TraceUpdate {
  const type = statusType();
  const raw = type.toObject(type.decode(Buffer.from(base64, 'base64')), { longs: Number }) as RawResponse;
  return {
    vertexes: (raw.vertexes ?? []).map((v) => ({
      digest: v.digest ?? '',
      inputs: v.inputs ?? [],
      name: v.name ?? '',
      cached: v.cached === true,
      ...optional('started', millis(v.started)),
      ...optional('completed', millis(v.completed)),
      ...(v.error ? { error: v.error } : {}),
    })),
    statuses: (raw.statuses ?? []).map((s) => ({
      id: s.ID ?? '',
      vertex: s.vertex ?? '',
      name: s.name ?? '',
      current: s.current ?? 0,
      total: s.total ?? 0,
      ...optional('timestamp', millis(s.timestamp)),
      ...optional('started', millis(s.started)),
      ...optional('completed', millis(s.completed)),
    })),
    logs: (raw.logs ?? []).map((l) => ({
      vertex: l.vertex ?? '',
      ...optional('timestamp', millis(l.timestamp)),
      stream: l.stream ?? 1,
      text: Buffer.from(l.msg ?? new Uint8Array()).toString('utf8'),
    })),
  };
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}
