// A dockerode client for one endpoint, configured only from the endpoint (never from whatever
// DOCKER_* variables the process happens to have), with every request it makes counted.
import Docker from 'dockerode';
import { Agent as HttpsAgent } from 'node:https';
import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { checkHostKey, readKnownHosts } from './knownHosts';
import { SshDialAgent } from './ssh';
import type { ServerHostKeyAlgorithm } from 'ssh2';
import type { EngineEndpoint } from './model';

export interface EngineRequest {
  readonly method: string;
  /** The API path with its query string, e.g. `/containers/json?all=true`. */
  readonly path: string;
}

export interface ClientOptions {
  /** Called before every request the client sends (the store counts them). */
  readonly onRequest?: (request: EngineRequest) => void;
  /** Defaults to process.env; only SSH_AUTH_SOCK and USER are read from it. */
  readonly env?: NodeJS.ProcessEnv;
  /** How long an ssh handshake may take (ms). */
  readonly sshReadyTimeoutMs?: number;
}

/** Thrown when the endpoint's own settings cannot be used (a TLS file that cannot be read...). */
export class EndpointConfigError extends Error {
  constructor(message: string, readonly reason: 'tls' | 'ssh' | 'wrong-host') {
    super(message);
    this.name = 'EndpointConfigError';
  }
}

/** The modem options dockerode needs for this endpoint. */
export function modemOptions(endpoint: EngineEndpoint, options: ClientOptions = {}): Docker.DockerOptions {
  const env = options.env ?? process.env;
  // Every key is set, even to undefined: docker-modem merges its own DOCKER_HOST-derived defaults
  // under ours, and a stray DOCKER_HOST must not redirect an explicit endpoint.
  const base: Record<string, unknown> = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    timeout: undefined,
    pathPrefix: '/',
  };
  switch (endpoint.kind) {
    case 'unix':
    case 'npipe': {
      const path = endpoint.host.replace(/^(unix|npipe):\/\//, '');
      return { ...base, socketPath: path } as Docker.DockerOptions;
    }
    case 'tcp': {
      const url = new URL(endpoint.host);
      const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
      if (!endpoint.tls) return { ...base, host: hostname, port: url.port, protocol: 'http' } as Docker.DockerOptions;
      const ca = readPem(endpoint.tls.ca, 'CA certificate');
      const cert = readPem(endpoint.tls.cert, 'client certificate');
      const key = readPem(endpoint.tls.key, 'client key');
      // Without verification (DOCKER_TLS without DOCKER_TLS_VERIFY, or SkipTLSVerify in a
      // context) the server's certificate is accepted as it is, like the CLI does.
      const agent = endpoint.tls.verify ? undefined : new HttpsAgent({ rejectUnauthorized: false, keepAlive: true });
      return { ...base, host: hostname, port: url.port, protocol: 'https', ca, cert, key, ...(agent ? { agent } : {}) } as Docker.DockerOptions;
    }
    case 'ssh': {
      const url = new URL(endpoint.host);
      const username = url.username ? decodeURIComponent(url.username) : env.USER || safeUserName();
      // Plain HTTP over channels of one ssh connection (see ssh.ts); the host name is only the
      // Host header the engine ignores.
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      const port = Number(url.port || 22);
      // Like ssh (and so the docker CLI): only a host key already in ~/.ssh/known_hosts is trusted.
      const knownHostsFile = join(env.HOME || homedir(), '.ssh', 'known_hosts');
      const known = readKnownHosts(knownHostsFile, host, port);
      const command = `ssh ${port === 22 ? '' : `-p ${port} `}${username}@${host}`;
      const serverHostKey = hostKeyAlgorithms(known.keys.map((k) => k.type));
      const agent = new SshDialAgent({
        host,
        port,
        username,
        ...(serverHostKey.length ? { algorithms: { serverHostKey: serverHostKey as ServerHostKeyAlgorithm[] } } : {}),
        // The user's agent, as `ssh` would use it; without one, an unencrypted default key.
        ...(env.SSH_AUTH_SOCK ? { agent: env.SSH_AUTH_SOCK } : defaultIdentity(env)),
        readyTimeout: options.sshReadyTimeoutMs ?? 10_000,
        // Keeps the long-lived events channel alive, and notices a vanished host.
        keepaliveInterval: 15_000,
      }, (key) => checkHostKey(known, key, `${host}:${port}`, knownHostsFile, command));
      return { ...base, protocol: 'http', host: 'localhost', agent } as Docker.DockerOptions;
    }
  }
}

/** Creates a dockerode client for the endpoint. Throws EndpointConfigError for unusable settings. */
export function createDockerClient(endpoint: EngineEndpoint, options: ClientOptions = {}): Docker {
  const docker = new Docker(modemOptions(endpoint, options));
  if (options.onRequest) countRequests(docker, options.onRequest);
  return docker;
}

/** Closes what the client holds open (the ssh connection, kept-alive TLS sockets). */
export function closeDockerClient(docker: Docker | undefined): void {
  const agent = (docker?.modem as { agent?: { destroy?: () => void } } | undefined)?.agent;
  agent?.destroy?.();
}

/** The host key algorithms to offer: those of the keys known for the host (else the server's choice could be one we cannot check). */
function hostKeyAlgorithms(types: readonly string[]): string[] {
  const algorithms: string[] = [];
  for (const type of types) {
    const add = type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type];
    for (const a of add) if (!algorithms.includes(a)) algorithms.push(a);
  }
  return algorithms;
}

/** OpenSSH's default identities, first one that exists and is not passphrase-protected. */
function defaultIdentity(env: NodeJS.ProcessEnv): { privateKey?: Buffer } {
  const home = env.HOME || homedir();
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    try {
      const key = readFileSync(join(home, '.ssh', name));
      if (!/ENCRYPTED|bcrypt/.test(key.toString('latin1'))) return { privateKey: key };
    } catch {
      // Not there: try the next one.
    }
  }
  return {};
}

function countRequests(docker: Docker, onRequest: (request: EngineRequest) => void): void {
  // docker-modem's dial() is the single door every dockerode call goes through.
  const modem = docker.modem as unknown as { dial: (options: { method: string; path: string; options?: unknown }, cb: unknown) => void };
  const dial = modem.dial.bind(modem);
  modem.dial = (dialOptions, cb) => {
    onRequest({ method: dialOptions.method, path: describePath(dialOptions.path, dialOptions.options) });
    return dial(dialOptions, cb);
  };
}

/** The path with its query, as the engine will see it (objects such as `filters` as JSON). */
function describePath(path: string, query: unknown): string {
  const base = path.replace(/\?$/, '');
  if (!path.endsWith('?') || typeof query !== 'object' || query === null) return base;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || key === 'abortSignal' || key === 'authconfig') continue;
    params.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

function readPem(file: string | undefined, what: string): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch (error) {
    throw new EndpointConfigError(`The ${what} ${file} cannot be read: ${(error as Error).message}`, 'tls');
  }
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'root';
  }
}
