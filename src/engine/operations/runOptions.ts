// `docker run` options typed in one input box, split into words without a shell (quotes group,
// nothing expands) and turned into the engine's create-container request. Only the options
// listed below are accepted; anything else is refused with its name. No `vscode` import.
import type Docker from 'dockerode';

export interface RunRequest {
  readonly name?: string;
  readonly detach: boolean;
  readonly interactive: boolean;
  readonly tty: boolean;
  readonly rm: boolean;
  readonly ports: readonly string[];
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

const FLAGS: Record<string, 'detach' | 'interactive' | 'tty' | 'rm'> = { '-d': 'detach', '--detach': 'detach', '-i': 'interactive', '--interactive': 'interactive', '-t': 'tty', '--tty': 'tty', '--rm': 'rm' };
const VALUES: Record<string, string> = {
  '--name': 'name', '-p': 'ports', '--publish': 'ports', '-e': 'env', '--env': 'env', '--env-file': 'envFiles', '-v': 'volumes', '--volume': 'volumes',
  '-l': 'labels', '--label': 'labels', '-w': 'workdir', '--workdir': 'workdir', '-u': 'user', '--user': 'user', '--network': 'network', '--entrypoint': 'entrypoint',
};
const LISTS = new Set(['ports', 'env', 'envFiles', 'volumes', 'labels']);

/** Parses `docker run` arguments: options, then the image, then the command. */
export function parseRunArgs(words: readonly string[]): RunRequest {
  const out: Record<string, unknown> = { detach: false, interactive: false, tty: false, rm: false, ports: [], env: [], envFiles: [], volumes: [], labels: [] };
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-') || word === '-') break;
    if (word === '--') { i++; break; }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word;
    if (FLAGS[flag] && eq < 0) { out[FLAGS[flag]!] = true; continue; }
    if (VALUES[flag]) {
      const value = eq > 0 ? word.slice(eq + 1) : words[++i];
      if (value === undefined) throw new Error(`${flag} needs a value`);
      const key = VALUES[flag]!;
      if (LISTS.has(key)) (out[key] as string[]).push(value);
      else out[key] = value;
      continue;
    }
    // Combined short flags: -it, -dit, -itd.
    if (/^-[dit]+$/.test(word)) { for (const c of word.slice(1)) out[FLAGS[`-${c}`]!] = true; continue; }
    throw new Error(`${flag} is not an option Layerwise can run (supported: --name -d -i -t --rm -p -e --env-file -v -l -w -u --network --entrypoint)`);
  }
  const image = words[i];
  if (!image) throw new Error('give the image to run after the options');
  return { ...(out as Omit<RunRequest, 'image' | 'command'>), image, command: words.slice(i + 1) };
}

/** `K=V` lines of an env file (as `docker run --env-file`): `#` comments, a bare `K` takes the value from `env`. */
export function parseEnvFile(text: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).flatMap((l) => {
    if (l.includes('=')) return [l];
    return env[l] !== undefined ? [`${l}=${env[l]}`] : [];
  });
}

/** `[ip:][hostPort:]containerPort[/proto]` -> the API's port key and binding. */
function portBinding(spec: string): { key: string; binding: { HostIp: string; HostPort: string } } {
  const m = /^(?:(\[[0-9a-fA-F:]+\]|[0-9.]+):)?(?:(\d*):)?(\d+)(?:\/(tcp|udp|sctp))?$/.exec(spec);
  if (!m) throw new Error(`-p ${spec}: use [ip:][hostPort:]containerPort[/tcp|udp] (ranges are not supported here)`);
  return { key: `${m[3]}/${m[4] ?? 'tcp'}`, binding: { HostIp: (m[1] ?? '').replace(/^\[|\]$/g, ''), HostPort: m[2] ?? '' } };
}

/** The create-container request; `envFileTexts` are the contents of `request.envFiles`, in order. */
export function createOptions(request: RunRequest, envFileTexts: readonly string[] = []): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const spec of request.ports) {
    const { key, binding } = portBinding(spec);
    exposed[key] = {};
    (bindings[key] ??= []).push(binding);
  }
  const anonymous: Record<string, object> = {};
  const binds: string[] = [];
  for (const spec of request.volumes) {
    // `/path` alone is an anonymous volume; `name:/path` a named one; `/host:/path` a bind mount.
    if (!spec.includes(':')) {
      if (!spec.startsWith('/')) throw new Error(`-v ${spec}: a container path must be absolute`);
      anonymous[spec] = {};
    } else {
      if (spec.startsWith('.')) throw new Error(`-v ${spec}: give the host folder as an absolute path`);
      binds.push(spec);
    }
  }
  const labels: Record<string, string> = {};
  for (const l of request.labels) {
    const eq = l.indexOf('=');
    labels[eq < 0 ? l : l.slice(0, eq)] = eq < 0 ? '' : l.slice(eq + 1);
  }
  const env = [...envFileTexts.flatMap((t) => parseEnvFile(t)), ...request.env];
  return {
    Image: request.image,
    ...(request.name ? { name: request.name } : {}),
    ...(request.command.length ? { Cmd: [...request.command] } : {}),
    ...(request.entrypoint !== undefined ? { Entrypoint: request.entrypoint ? [request.entrypoint] : [] } : {}),
    ...(env.length ? { Env: env } : {}),
    ...(request.workdir ? { WorkingDir: request.workdir } : {}),
    ...(request.user ? { User: request.user } : {}),
    Labels: labels,
    ExposedPorts: exposed,
    Volumes: anonymous,
    Tty: request.tty,
    OpenStdin: request.interactive,
    HostConfig: {
      AutoRemove: request.rm,
      PortBindings: bindings,
      Binds: binds,
      ...(request.network ? { NetworkMode: request.network } : {}),
    },
  };
}
