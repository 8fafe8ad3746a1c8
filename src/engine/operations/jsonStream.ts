// The engine's progress streams (pull, push, build) are newline-delimited JSON messages; an
// `error` message means the operation failed even though the HTTP status was 200.
// No `vscode` import.

export interface EngineMessage {
  readonly id?: string;
  readonly status?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  readonly stream?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
  /** A build's image id, a push's digest; for BuildKit's `moby.buildkit.trace` messages, a base64 protobuf. */
  readonly aux?: string | { readonly ID?: string; readonly Digest?: string; readonly Tag?: string };
}

/** Thrown when the stream carried an error message. */
export class EngineStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineStreamError';
  }
}

/** Reads every message of `stream`, calling `onMessage`; rejects with the first error message. */
export function followMessages(stream: NodeJS.ReadableStream, onMessage: (message: EngineMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let failure: string | undefined;
    const handle = (line: string): void => {
      if (!line.trim()) return;
      let message: EngineMessage;
      try {
        message = JSON.parse(line) as EngineMessage;
      } catch {
        return; // not one of the engine's messages (never seen in practice); nothing to show
      }
      if (message.error || message.errorDetail?.message) failure ??= (message.errorDetail?.message ?? message.error ?? '').trim();
      onMessage(message);
    };
    stream.on('data', (chunk: Buffer | string) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        handle(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
    });
    stream.on('error', reject);
    stream.on('end', () => {
      handle(buffered);
      if (failure !== undefined) reject(new EngineStreamError(failure));
      else resolve();
    });
  });
}

/** Per-layer pull/push progress folded into one line: "3/5 layers · 12.3 MB of 40.1 MB". */
export class LayerProgress {
  private readonly layers = new Map<string, { status: string; current: number; total: number }>();

  add(message: EngineMessage): void {
    // Layer messages carry a 12-hex id; tag/digest lines ("latest: digest: ...") do not.
    if (!message.id || !/^[0-9a-f]{12}$/.test(message.id) || !message.status) return;
    const layer = this.layers.get(message.id) ?? { status: '', current: 0, total: 0 };
    layer.status = message.status;
    // Extraction reports its own current/total; only the transfer counts as bytes moved.
    if (message.progressDetail?.total && /^(Downloading|Pushing)/.test(message.status)) {
      layer.total = message.progressDetail.total;
      layer.current = message.progressDetail.current ?? layer.current;
    }
    if (/^(Pull complete|Already exists|Layer already exists|Pushed|Mounted from)/.test(message.status)) layer.current = layer.total;
    this.layers.set(message.id, layer);
  }

  get layerCount(): number {
    return this.layers.size;
  }

  get doneCount(): number {
    return [...this.layers.values()].filter((l) => /^(Pull complete|Already exists|Layer already exists|Pushed|Mounted from)/.test(l.status)).length;
  }

  /** Bytes moved and known total, over the layers whose size is known. */
  get bytes(): { current: number; total: number } {
    let current = 0;
    let total = 0;
    for (const l of this.layers.values()) {
      current += l.current;
      total += l.total;
    }
    return { current, total };
  }
}
