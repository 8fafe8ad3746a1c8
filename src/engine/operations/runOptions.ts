// `docker run` options typed in one input box, split into words without a shell (quotes group,
// nothing expands), read the way the docker CLI reads its flags (pflag: `-dit`, `-p8080:80`,
// `--name=web`, options stop at the image) and turned into the engine's create-container request.
// Every value is checked before anything is created, with the CLI's (or the engine's) own words.
// Only the options below are run; a docker option that is not among them is refused by name.
// No `vscode` import.
import type Docker from 'dockerode';
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { referenceProblem } from './reference';
import { portConfig } from './portSpec';
import { parseVolume, VolumeSpec } from './volumeSpec';

export interface RunRequest {
  readonly name?: string;
  readonly detach: boolean;
  readonly interactive: boolean;
  readonly tty: boolean;
  readonly rm: boolean;
  readonly publishAll: boolean;
  readonly ports: readonly string[];
  readonly expose: readonly string[];
  readonly env: readonly string[];
  readonly envFiles: readonly string[];
  readonly volumes: readonly string[];
  readonly labels: readonly string[];
  readonly workdir?: string;
  readonly user?: string;
  readonly network?: string;
  readonly entrypoint?: string;
  readonly image: string;
  readonly command: readonly string[];
}

/** Splits like a shell would into words (quotes, backslashes), without expanding anything. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}

type BoolKey = 'detach' | 'interactive' | 'tty' | 'rm' | 'publishAll';
type ListKey = 'ports' | 'expose' | 'env' | 'envFiles' | 'volumes' | 'labels';
type ValueKey = 'name' | 'workdir' | 'user' | 'network' | 'entrypoint';

interface Flag {
  readonly long: string;
  readonly short?: string;
  readonly key: BoolKey | ListKey | ValueKey;
  readonly kind: 'bool' | 'list' | 'value';
  /** The CLI's check of a value as the flag is read (pflag wraps its message, see flagError). */
  readonly check?: (value: string) => string | undefined;
}

const FLAGS: readonly Flag[] = [
  { long: 'detach', short: 'd', key: 'detach', kind: 'bool' },
  { long: 'interactive', short: 'i', key: 'interactive', kind: 'bool' },
  { long: 'tty', short: 't', key: 'tty', kind: 'bool' },
  { long: 'rm', key: 'rm', kind: 'bool' },
  { long: 'publish-all', short: 'P', key: 'publishAll', kind: 'bool' },
  { long: 'name', key: 'name', kind: 'value' },
  { long: 'publish', short: 'p', key: 'ports', kind: 'list' },
  { long: 'expose', key: 'expose', kind: 'list' },
  { long: 'env', short: 'e', key: 'env', kind: 'list', check: (v) => (v.split('=')[0] === '' ? `invalid environment variable: ${v}` : undefined) },
  { long: 'env-file', key: 'envFiles', kind: 'list' },
  { long: 'volume', short: 'v', key: 'volumes', kind: 'list' },
  { long: 'label', short: 'l', key: 'labels', kind: 'list', check: (v) => (v.split('=')[0] === '' ? `invalid label '${v}': empty name` : undefined) },
  { long: 'workdir', short: 'w', key: 'workdir', kind: 'value' },
  { long: 'user', short: 'u', key: 'user', kind: 'value' },
  { long: 'network', key: 'network', kind: 'value' },
  { long: 'entrypoint', key: 'entrypoint', kind: 'value' },
];

/** `docker run` options of the CLI 28 that Layerwise does not run: refused by name, not as unknown. */
const CLI_ONLY = new Set([
  'add-host', 'attach', 'blkio-weight', 'blkio-weight-device', 'cap-add', 'cap-drop', 'cgroup-parent', 'cgroupns', 'cidfile', 'cpu-period', 'cpu-quota',
  'cpu-rt-period', 'cpu-rt-runtime', 'cpu-shares', 'cpus', 'cpuset-cpus', 'cpuset-mems', 'detach-keys', 'device', 'device-cgroup-rule', 'device-read-bps',
  'device-read-iops', 'device-write-bps', 'device-write-iops', 'disable-content-trust', 'dns', 'dns-option', 'dns-search', 'domainname', 'gpus', 'group-add',
  'health-cmd', 'health-interval', 'health-retries', 'health-start-period', 'health-timeout', 'help', 'hostname', 'init', 'ip', 'ip6', 'ipc', 'isolation',
  'kernel-memory', 'label-file', 'link', 'link-local-ip', 'log-driver', 'log-opt', 'mac-address', 'memory', 'memory-reservation', 'memory-swap',
  'memory-swappiness', 'mount', 'network-alias', 'no-healthcheck', 'oom-kill-disable', 'oom-score-adj', 'pid', 'pids-limit', 'platform', 'privileged',
  'pull', 'quiet', 'read-only', 'restart', 'runtime', 'security-opt', 'shm-size', 'sig-proxy', 'stop-signal', 'stop-timeout', 'storage-opt', 'sysctl',
  'tmpfs', 'ulimit', 'use-api-socket', 'userns', 'uts', 'volume-driver', 'volumes-from',
]);
const CLI_ONLY_SHORT: Record<string, string> = { a: 'attach', c: 'cpu-shares', h: 'hostname', m: 'memory', q: 'quiet' };

export const SUPPORTED_OPTIONS = '--name -d -i -t --rm -p -P --expose -e --env-file -v -l -w -u --network --entrypoint';

function notRunHere(name: string): Error {
  return new Error(`${name} is a docker run option Layerwise does not run here (it runs: ${SUPPORTED_OPTIONS})`);
}

/** pflag's words for a value its check refused. */
function flagError(flag: Flag, value: string, why: string): Error {
  const names = flag.short ? `-${flag.short}, --${flag.long}` : `--${flag.long}`;
  return new Error(`invalid argument "${value}" for "${names}" flag: ${why}`);
}

function boolValue(flag: Flag, value: string): boolean {
  if (/^(1|t|T|true|TRUE|True)$/.test(value)) return true;
  if (/^(0|f|F|false|FALSE|False)$/.test(value)) return false;
  throw flagError(flag, value, `strconv.ParseBool: parsing "${value}": invalid syntax`);
}

/** Parses `docker run` arguments: options, then the image, then the command (what the CLI reads). */
export function parseRunArgs(words: readonly string[]): RunRequest {
  const out: Record<string, unknown> = { detach: false, interactive: false, tty: false, rm: false, publishAll: false, ports: [], expose: [], env: [], envFiles: [], volumes: [], labels: [] };
  const set = (flag: Flag, value: string | undefined): void => {
    if (flag.kind === 'bool') {
      out[flag.key] = value === undefined ? true : boolValue(flag, value);
      return;
    }
    const why = flag.check?.(value!);
    if (why) throw flagError(flag, value!, why);
    if (flag.kind === 'list') (out[flag.key] as string[]).push(value!);
    else out[flag.key] = value;
  };
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-') || word === '-') break;
    if (word === '--') {
      i++;
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      const flag = FLAGS.find((f) => f.long === name);
      if (!flag) throw CLI_ONLY.has(name) ? notRunHere(`--${name}`) : new Error(`unknown flag: --${name}`);
      if (eq >= 0) set(flag, word.slice(eq + 1));
      else if (flag.kind === 'bool') set(flag, undefined);
      else if (i + 1 < words.length) set(flag, words[++i]);
      else throw new Error(`flag needs an argument: --${name}`);
      continue;
    }
    // Short flags, pflag style: `-dit`; a flag that takes a value takes the rest (`-p8080:80`,
    // `-p=8080:80`) or, when nothing is left, the next word.
    let rest = word.slice(1);
    while (rest.length > 0) {
      const c = rest[0]!;
      const flag = FLAGS.find((f) => f.short === c);
      if (!flag) throw CLI_ONLY_SHORT[c] ? notRunHere(`-${c} (--${CLI_ONLY_SHORT[c]})`) : new Error(`unknown shorthand flag: '${c}' in ${word}`);
      const attached = rest.length > 2 && rest[1] === '=' ? rest.slice(2) : undefined;
      if (flag.kind === 'bool') {
        set(flag, attached);
        rest = attached !== undefined ? '' : rest.slice(1);
        continue;
      }
      if (attached !== undefined) set(flag, attached);
      else if (rest.length > 1) set(flag, rest.slice(1));
      else if (i + 1 < words.length) set(flag, words[++i]);
      else throw new Error(`flag needs an argument: '${c}' in ${word}`);
      rest = '';
    }
  }
  const image = words[i];
  if (!image) throw new Error('"docker run" requires at least 1 argument: the image to run, after the options');
  return { ...(out as Omit<RunRequest, 'image' | 'command'>), image, command: words.slice(i + 1) };
}

/** `K=V` lines of an env file, as the CLI reads `--env-file`: leading blanks and `#` lines skipped, a bare `K` takes its value from `env`. */
export function parseEnvFile(text: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const lines: string[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw) => {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (key === '') throw new Error(`no variable name on line '${line}'`);
    if (/[ \t]/.test(key)) throw new Error(`variable '${key}' contains whitespaces`);
    if (eq >= 0) lines.push(line);
    else if (env[key] !== undefined) lines.push(`${key}=${env[key]}`);
  });
  return lines;
}

/** Container names the engine accepts (two characters at least). */
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export interface RunContext {
  /** The folder relative paths (`--env-file .env`, `-v ./src:/src`) are relative to: the terminal's working folder. */
  readonly cwd: string;
}

/** The env file's path as the CLI would open it. */
export const envFilePath = (file: string, context: RunContext): string => (isAbsolute(file) ? file : resolve(context.cwd, file));

/**
 * Everything the engine (or the CLI) would refuse about a request, checked now: the first
 * problem, or undefined. `-p`, `-v`, `--name`, `-w`, the image reference and the env files.
 */
export function requestProblem(request: RunRequest, context: RunContext): string | undefined {
  try {
    checkRequest(request, context);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function checkRequest(request: RunRequest, context: RunContext): void {
  if (request.name !== undefined && !CONTAINER_NAME.test(request.name)) {
    throw new Error(`Invalid container name (${request.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  }
  portConfig(request.ports, request.expose);
  for (const spec of request.volumes) parseVolume(spec, context.cwd);
  if (request.workdir !== undefined && request.workdir !== '' && !request.workdir.startsWith('/')) {
    throw new Error(`the working directory '${request.workdir}' is invalid, it needs to be an absolute path`);
  }
  const reference = referenceProblem(request.image, { allowDigest: true });
  // An image id (or its short form) is a valid thing to run too.
  if (reference && !/^(sha256:)?[0-9a-f]{12,64}$/.test(request.image)) throw new Error(`${request.image}: ${reference}`);
  for (const file of request.envFiles) {
    const path = envFilePath(file, context);
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      throw new Error(`open ${path}: no such file or directory`);
    }
    if (!isFile) throw new Error(`open ${path}: is a directory, not an env file`);
  }
}

/** Why the typed line would not run (for the input box, as you type), or undefined. */
export function runLineProblem(text: string, context: RunContext): string | undefined {
  try {
    return requestProblem(parseRunArgs(splitWords(text)), context);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The create-container request `docker run` would send; `envFileTexts` are the contents of
 * `request.envFiles`, in order. Throws with the CLI's words where the request is not valid.
 */
export function createOptions(request: RunRequest, envFileTexts: readonly string[] = [], context: RunContext = { cwd: process.cwd() }): Docker.ContainerCreateOptions {
  const { exposedPorts, portBindings } = portConfig(request.ports, request.expose);
  const volumes: VolumeSpec[] = request.volumes.map((spec) => parseVolume(spec, context.cwd));
  const anonymous: Record<string, object> = {};
  for (const v of volumes) if (v.kind === 'anonymous') anonymous[v.target] = {};
  const binds = volumes.flatMap((v) => (v.kind === 'anonymous' ? [] : [v.bind]));
  const labels: Record<string, string> = {};
  for (const l of request.labels) {
    const eq = l.indexOf('=');
    labels[eq < 0 ? l : l.slice(0, eq)] = eq < 0 ? '' : l.slice(eq + 1);
  }
  // -e K without a value takes K from this environment, as the CLI does; env files come first.
  const env = [
    ...envFileTexts.flatMap((t) => parseEnvFile(t)),
    ...request.env.map((e) => (e.includes('=') || process.env[e] === undefined ? e : `${e}=${process.env[e]}`)),
  ];
  return {
    Image: request.image,
    ...(request.name ? { name: request.name.replace(/^\//, '') } : {}),
    ...(request.command.length ? { Cmd: [...request.command] } : {}),
    ...(request.entrypoint !== undefined ? { Entrypoint: [request.entrypoint] } : {}),
    ...(env.length ? { Env: env } : {}),
    ...(request.workdir ? { WorkingDir: request.workdir } : {}),
    ...(request.user ? { User: request.user } : {}),
    Labels: labels,
    ExposedPorts: exposedPorts,
    Volumes: anonymous,
    Tty: request.tty,
    OpenStdin: request.interactive,
    HostConfig: {
      AutoRemove: request.rm,
      PortBindings: portBindings,
      PublishAllPorts: request.publishAll,
      Binds: binds,
      ...(request.network ? { NetworkMode: request.network } : {}),
    },
  };
}
