// Where the engines are: the endpoints the docker CLI would use, resolved the same way it does.
//
// Order of precedence (as in the docker CLI): DOCKER_HOST (the "default" context built from the
// environment) > DOCKER_CONTEXT > `currentContext` in config.json > "default". Contexts are read
// from the CLI's own store, $DOCKER_CONFIG/contexts (default ~/.docker/contexts), where each one
// lives in meta/<sha256(name)>/meta.json and its TLS files in tls/<sha256(name)>/docker/*.pem.
// Nothing here talks to an engine; see client.ts for that.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EngineEndpoint } from './model';

export const DEFAULT_CONTEXT = 'default';
export const DEFAULT_UNIX_SOCKET = 'unix:///var/run/docker.sock';

export interface EndpointEnvironment {
  /** Defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Defaults to os.homedir(); used when DOCKER_CONFIG is not set. */
  readonly homeDir?: string;
}

export interface EndpointList {
  /** "default" first, then the CLI's contexts sorted by name. */
  readonly endpoints: readonly EngineEndpoint[];
  /** The one the docker CLI would use now (an element of `endpoints`). */
  readonly current: EngineEndpoint;
  /** Why the current one is not what the configuration asked for, unreadable contexts, and so on. */
  readonly warnings: readonly string[];
}

/** $DOCKER_CONFIG, or ~/.docker. */
export function dockerConfigDir(options: EndpointEnvironment = {}): string {
  const env = options.env ?? process.env;
  return env.DOCKER_CONFIG || join(options.homeDir ?? homedir(), '.docker');
}

/** The CLI names a context's folders after the SHA-256 of its name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** Lists every endpoint the user has and says which one the docker CLI would use right now. */
export function listEndpoints(options: EndpointEnvironment = {}): EndpointList {
  const env = options.env ?? process.env;
  const configDir = dockerConfigDir(options);
  const warnings: string[] = [];
  const defaultEndpoint = defaultContextEndpoint(env, configDir, warnings);
  const contexts = readCliContexts(configDir, warnings);
  const endpoints = [defaultEndpoint, ...contexts];

  const wanted = wantedContextName(env, configDir, warnings);
  let current = endpoints.find((e) => e.name === wanted.name);
  if (!current) {
    warnings.push(`${wanted.from} names the context "${wanted.name}", which does not exist; using "${DEFAULT_CONTEXT}".`);
    current = defaultEndpoint;
  }
  return { endpoints, current, warnings };
}

/** The endpoint the docker CLI would use now. */
export function currentEndpoint(options: EndpointEnvironment = {}): EngineEndpoint {
  return listEndpoints(options).current;
}

/** Finds an endpoint by context name (after re-reading the configuration). */
export function findEndpoint(name: string, options: EndpointEnvironment = {}): EngineEndpoint | undefined {
  return listEndpoints(options).endpoints.find((e) => e.name === name);
}

function wantedContextName(env: NodeJS.ProcessEnv, configDir: string, warnings: string[]): { name: string; from: string } {
  if (env.DOCKER_HOST) {
    if (env.DOCKER_CONTEXT) warnings.push('DOCKER_HOST is set, so DOCKER_CONTEXT is ignored (as the docker CLI does).');
    return { name: DEFAULT_CONTEXT, from: 'DOCKER_HOST' };
  }
  if (env.DOCKER_CONTEXT) return { name: env.DOCKER_CONTEXT, from: 'DOCKER_CONTEXT' };
  const configFile = join(configDir, 'config.json');
  if (existsSync(configFile)) {
    try {
      const config = JSON.parse(readFileSync(configFile, 'utf8')) as { currentContext?: unknown };
      if (typeof config.currentContext === 'string' && config.currentContext) {
        return { name: config.currentContext, from: configFile };
      }
    } catch (error) {
      warnings.push(`${configFile} could not be read: ${messageOf(error)}`);
    }
  }
  return { name: DEFAULT_CONTEXT, from: 'the built-in default' };
}

/** The "default" context: DOCKER_HOST and the DOCKER_TLS* variables, or the default socket. */
function defaultContextEndpoint(env: NodeJS.ProcessEnv, configDir: string, warnings: string[]): EngineEndpoint {
  const fromEnv = Boolean(env.DOCKER_HOST);
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  const useTls = verify || Boolean(env.DOCKER_TLS);
  let parsed = parseHost(env.DOCKER_HOST || DEFAULT_UNIX_SOCKET, useTls);
  if (!parsed) {
    warnings.push(`DOCKER_HOST "${env.DOCKER_HOST}" is not a host the engine client understands; using ${DEFAULT_UNIX_SOCKET}.`);
    parsed = parseHost(DEFAULT_UNIX_SOCKET, false)!;
  }
  let tls: EngineEndpoint['tls'];
  if (parsed.kind === 'tcp' && useTls) {
    // The CLI looks for ca.pem, cert.pem and key.pem in DOCKER_CERT_PATH (default: the config dir)
    // and uses those that exist; without DOCKER_TLS_VERIFY the server's certificate is not checked.
    const certDir = env.DOCKER_CERT_PATH || configDir;
    tls = { ...existingPemFiles(certDir), verify };
  }
  return {
    name: DEFAULT_CONTEXT,
    description: 'Current DOCKER_HOST based configuration',
    host: parsed.host,
    kind: parsed.kind,
    ...(tls ? { tls } : {}),
    source: fromEnv ? 'env' : 'default',
  };
}

interface ContextMeta {
  Name?: unknown;
  Metadata?: { Description?: unknown } | null;
  Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } | null } | null;
}

function readCliContexts(configDir: string, warnings: string[]): EngineEndpoint[] {
  const metaRoot = join(configDir, 'contexts', 'meta');
  if (!existsSync(metaRoot)) return [];
  const found: EngineEndpoint[] = [];
  for (const dir of safeReaddir(metaRoot)) {
    const metaFile = join(metaRoot, dir, 'meta.json');
    if (!existsSync(metaFile)) continue;
    let meta: ContextMeta;
    try {
      meta = JSON.parse(readFileSync(metaFile, 'utf8')) as ContextMeta;
    } catch (error) {
      warnings.push(`The context in ${metaFile} could not be read: ${messageOf(error)}`);
      continue;
    }
    const name = typeof meta.Name === 'string' ? meta.Name : undefined;
    const docker = meta.Endpoints?.docker;
    if (!name || name === DEFAULT_CONTEXT) continue;
    if (!docker || typeof docker.Host !== 'string') {
      warnings.push(`The context "${name}" has no Docker endpoint.`);
      continue;
    }
    // TLS material the CLI stored with the context (docker context create --docker ca=,cert=,key=).
    const tlsDir = join(configDir, 'contexts', 'tls', contextDirName(name), 'docker');
    const pems = existingPemFiles(tlsDir);
    const skipVerify = docker.SkipTLSVerify === true;
    const useTls = Object.keys(pems).length > 0 || skipVerify;
    const parsed = parseHost(docker.Host, useTls);
    if (!parsed) {
      warnings.push(`The context "${name}" has a host the engine client does not understand: ${docker.Host}`);
      continue;
    }
    const description = typeof meta.Metadata?.Description === 'string' ? meta.Metadata.Description : undefined;
    found.push({
      name,
      ...(description ? { description } : {}),
      host: parsed.host,
      kind: parsed.kind,
      ...(parsed.kind === 'tcp' && useTls ? { tls: { ...pems, verify: !skipVerify } } : {}),
      source: 'cli-context',
    });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

function existingPemFiles(dir: string): { ca?: string; cert?: string; key?: string } {
  const files: { ca?: string; cert?: string; key?: string } = {};
  for (const part of ['ca', 'cert', 'key'] as const) {
    const file = join(dir, `${part}.pem`);
    if (existsSync(file)) files[part] = file;
  }
  return files;
}

export interface ParsedHost {
  /** Normalised: scheme://address, with the default port filled in for tcp and ssh. */
  readonly host: string;
  readonly kind: EngineEndpoint['kind'];
}

/**
 * Parses a DOCKER_HOST-style address as the CLI does: `unix:///path`, `tcp://host[:port]` (port
 * 2376 with TLS, 2375 without), `host:port` (tcp), `ssh://[user@]host[:port]`, `npipe://...`.
 * Returns undefined for what the engine client cannot dial (fd://, http://...).
 */
export function parseHost(raw: string, tls: boolean): ParsedHost | undefined {
  const value = raw.trim();
  if (value.startsWith('unix://')) return { host: value.length > 'unix://'.length ? value : DEFAULT_UNIX_SOCKET, kind: 'unix' };
  if (value.startsWith('npipe://')) return { host: value, kind: 'npipe' };
  const withScheme = value.includes('://') ? value : `tcp://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol === 'tcp:') {
    const hostname = url.hostname || '127.0.0.1';
    const port = url.port || (tls ? '2376' : '2375');
    return { host: `tcp://${hostname}:${port}`, kind: 'tcp' };
  }
  if (url.protocol === 'ssh:') {
    if (!url.hostname) return undefined;
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return { host: `ssh://${user}${url.hostname}${url.port ? `:${url.port}` : ''}`, kind: 'ssh' };
  }
  return undefined;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
