// Reaching an engine over ssh the way the docker CLI does: run `docker system dial-stdio` on the
// remote host and speak the engine API over that channel. Unlike dockerode's own ssh transport,
// which opens a new ssh connection (handshake, authentication) for every request, this agent keeps
// ONE authenticated connection and opens a cheap channel per HTTP request: an event-driven read
// then costs a few milliseconds instead of a handshake.
import { Agent, AgentOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, ConnectConfig } from 'ssh2';

const DIAL_STDIO = 'docker system dial-stdio';

export class SshDialAgent extends Agent {
  private client: Client | undefined;
  private ready: Promise<Client> | undefined;
  private closed = false;

  /**
   * @param checkHostKey returns undefined for a trusted host key, else why it is refused (the
   *   connection then fails with that message).
   */
  constructor(
    private readonly config: ConnectConfig,
    private readonly checkHostKey?: (key: Buffer) => string | undefined,
    options: AgentOptions = {},
  ) {
    // Keep-alive: a finished request's channel (one `dial-stdio` process on the remote side) is
    // reused by the next request, so an event-driven read does not start a remote process.
    super({ maxFreeSockets: 2, ...options, keepAlive: true });
    // Node's http.Agent calls createConnection for every new connection; its callback form
    // allows an asynchronous socket (the typings only know the synchronous one).
    (this as unknown as { createConnection: unknown }).createConnection =
      (_options: unknown, callback: (error: Error | null, socket?: Socket) => void): undefined => this.dial(callback);
  }

  private dial(callback: (error: Error | null, socket?: Socket) => void): undefined {
    this.connection().then((client) => {
      client.exec(DIAL_STDIO, (error, channel) => {
        if (error) return callback(error);
        // When dial-stdio itself fails (no docker there, no engine behind it), say so instead of
        // a bare "socket hang up": the channel's end is held back until its exit status is known.
        let stderr = '';
        channel.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
        const emit = channel.emit.bind(channel) as (event: string | symbol, ...args: unknown[]) => boolean;
        let exited = false;
        let heldEnd: unknown[] | undefined;
        (channel as unknown as { emit: typeof emit }).emit = (event, ...args) => {
          if (event === 'end' && !exited) {
            heldEnd = args;
            return true;
          }
          return emit(event, ...args);
        };
        const release = (code: number | null | undefined): void => {
          if (exited) return;
          exited = true;
          if (code) {
            const detail = stderr.trim() || `exit code ${code}`;
            // ssh2's Channel.destroy() takes no error: emit it first, so the request fails with it.
            emit('error', Object.assign(new Error(`\`${DIAL_STDIO}\` failed on the remote host: ${detail}`), { level: 'remote-command' }));
            (channel as unknown as Duplex).destroy();
          } else if (heldEnd) {
            emit('end', ...heldEnd);
          }
        };
        channel.on('exit', (code: number | null) => release(code));
        channel.on('close', () => release(undefined));
        callback(null, asSocket(channel));
      });
    }, (error: Error) => callback(error));
    return undefined;
  }

  private connection(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the ssh connection was closed'));
    if (this.ready) return this.ready;
    const client = new Client();
    this.client = client;
    let refused: string | undefined;
    const check = this.checkHostKey;
    const config: ConnectConfig = check
      ? { ...this.config, hostVerifier: (key: Buffer) => (refused = check(key)) === undefined }
      : this.config;
    const ready = new Promise<Client>((resolve, reject) => {
      client.once('ready', () => resolve(client));
      client.on('error', (error) => {
        reject(refused ? Object.assign(new Error(refused), { level: 'host-key' }) : error);
        this.forget(client);
      });
      client.once('close', () => this.forget(client));
      client.connect(config);
    });
    this.ready = ready;
    return ready;
  }

  /** A broken connection is dropped; the next request opens a new one. */
  private forget(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.ready = undefined;
  }

  override destroy(): void {
    this.closed = true;
    super.destroy();
    this.client?.end();
    this.client = undefined;
    this.ready = undefined;
  }
}

/** http.Agent's keep-alive calls socket methods a channel does not have; none matters here. */
function asSocket(channel: object): Socket {
  const socket = channel as unknown as Record<string, unknown>;
  for (const method of ['setKeepAlive', 'setNoDelay', 'ref', 'unref']) {
    if (typeof socket[method] !== 'function') socket[method] = () => channel;
  }
  if (typeof socket.setTimeout !== 'function') socket.setTimeout = () => channel;
  return channel as unknown as Socket;
}
