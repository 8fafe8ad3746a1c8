// Registry credentials the way the docker CLI stores them after `docker login`: the `auths` map of
// $DOCKER_CONFIG/config.json (default ~/.docker/config.json), base64 "user:password". Credential
// helpers (credsStore / credHelpers) are named in the error so the user knows why none was found.
// No `vscode` import.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { registryOf } from './reference';

export interface AuthConfig {
  readonly username: string;
  readonly password: string;
  readonly serveraddress: string;
}

export interface FoundAuth {
  readonly auth?: AuthConfig;
  /** Where the CLI keeps this registry's credentials when they are not in `auths` (a helper's name). */
  readonly helper?: string;
  readonly configPath: string;
}

export const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
}

/** Host of an `auths` key: "https://host:5000/v1/" and "host:5000" are the same registry. */
export function keyHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

interface AuthEntry { auth?: string; username?: string; password?: string }
interface CliConfig { auths?: Record<string, AuthEntry>; credsStore?: string; credHelpers?: Record<string, string> }

function readCliConfig(configPath: string): CliConfig | undefined {
  try {
    return JSON.parse(readFileSync(configPath, 'utf8')) as CliConfig;
  } catch {
    return undefined;
  }
}

/** An `auths` entry's user and password ("auth" is base64 "user:password"), when it has both. */
function entryLogin(entry: AuthEntry): { username: string; password: string } | undefined {
  let username = entry.username;
  let password = entry.password;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
  }
  return username && password ? { username, password } : undefined;
}

/** The credentials for the registry `reference` lives on, from the CLI's config file. */
export function findRegistryAuth(reference: string, env: NodeJS.ProcessEnv = process.env): FoundAuth {
  const configPath = dockerConfigPath(env);
  const registry = registryOf(reference);
  const config = readCliConfig(configPath);
  if (!config) return { configPath };
  const wanted = registry === 'docker.io' ? DOCKER_HUB_KEYS.map(keyHost) : [registry];
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!wanted.includes(keyHost(key))) continue;
    const login = entryLogin(entry);
    if (login) return { auth: { ...login, serveraddress: registry === 'docker.io' ? DOCKER_HUB_KEYS[0]! : registry }, configPath };
  }
  const helper = config.credHelpers?.[registry] ?? config.credsStore;
  return { configPath, ...(helper ? { helper } : {}) };
}

/**
 * Every login of the CLI's config, keyed by its registry as the config writes it: what `docker
 * build` hands the builder (the classic builder's X-Registry-Config; BuildKit asks per host).
 */
export function allRegistryAuths(env: NodeJS.ProcessEnv = process.env): Record<string, AuthConfig> {
  const auths: Record<string, AuthConfig> = {};
  for (const [key, entry] of Object.entries(readCliConfig(dockerConfigPath(env))?.auths ?? {})) {
    const login = entryLogin(entry);
    if (login) auths[key] = { ...login, serveraddress: key };
  }
  return auths;
}

/** What to tell a user the registry refused them. */
export function loginAdvice(reference: string, found: FoundAuth): string {
  const registry = registryOf(reference);
  const login = registry === 'docker.io' ? 'docker login' : `docker login ${registry}`;
  if (found.helper) {
    return `the registry ${registry} needs credentials, and the Docker CLI keeps them in the "${found.helper}" credential helper, which Layerwise does not read. Run \`${login}\` with a config that stores them in ${found.configPath} ("auths"), or push with the docker CLI.`;
  }
  return `the registry ${registry} needs credentials: run \`${login}\` in a terminal (Layerwise reads ${found.configPath}), then try again.`;
}
