// Image config operations as both builders perform them.
import type { BaseImageConfig, HealthConfig, ImageConfig } from './types';

/** The PATH the engine adds to a Linux image that has none (system.DefaultPathEnv). */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function emptyConfig(): ImageConfig {
  return { Env: [], WorkingDir: '', User: '', ExposedPorts: [], Labels: {}, Cmd: null, Entrypoint: null, Volumes: [], StopSignal: '', Shell: null, OnBuild: [], Healthcheck: null, ArgsEscaped: false };
}

export function cloneConfig(c: ImageConfig): ImageConfig {
  return {
    Env: [...c.Env], WorkingDir: c.WorkingDir, User: c.User, ExposedPorts: [...c.ExposedPorts], Labels: { ...c.Labels },
    Cmd: c.Cmd && [...c.Cmd], Entrypoint: c.Entrypoint && [...c.Entrypoint], Volumes: [...c.Volumes], StopSignal: c.StopSignal,
    Shell: c.Shell && [...c.Shell], OnBuild: [...c.OnBuild], Healthcheck: cloneHealth(c.Healthcheck), ArgsEscaped: c.ArgsEscaped,
  };
}

function cloneHealth(h: HealthConfig | null | undefined): HealthConfig | null {
  return h ? { ...h, Test: [...(h.Test ?? [])] } : null;
}

export function configFromBase(base: BaseImageConfig): ImageConfig {
  return {
    Env: [...(base.Env ?? [])], WorkingDir: base.WorkingDir ?? '', User: base.User ?? '',
    ExposedPorts: Object.keys(base.ExposedPorts ?? {}), Labels: { ...(base.Labels ?? {}) },
    Cmd: base.Cmd ? [...base.Cmd] : null, Entrypoint: base.Entrypoint ? [...base.Entrypoint] : null,
    Volumes: Object.keys(base.Volumes ?? {}), StopSignal: base.StopSignal ?? '', Shell: base.Shell ? [...base.Shell] : null,
    OnBuild: [...(base.OnBuild ?? [])], Healthcheck: cloneHealth(base.Healthcheck), ArgsEscaped: base.ArgsEscaped === true,
  };
}

export function envName(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}

/** normalizeWorkdir (Unix): an absolute path is kept as written; a relative one is joined and cleaned. */
export function normalizeWorkdir(current: string, requested: string): string {
  if (requested.startsWith('/')) return requested;
  return cleanPath(`/${current}/${requested}`);
}

/** Go's path.Clean for absolute paths. */
export function cleanPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop(); else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** nat.ParsePortSpecs for EXPOSE: `80`, `80/udp`, `8000-8002/tcp`, `ip:host:container`. */
export function parsePortSpec(raw: string): { ports: string[]; error?: string } {
  let spec = raw;
  let proto = 'tcp';
  const slash = spec.indexOf('/');
  if (slash >= 0) {
    const parts = spec.split('/');
    spec = parts[0];
    if (parts[1] !== '') proto = parts[1];
  }
  proto = proto.toLowerCase();
  if (!['tcp', 'udp', 'sctp'].includes(proto)) return { ports: [], error: `invalid proto: ${proto}` };
  const pieces = spec.split(':');
  const containerPort = pieces[pieces.length - 1];
  if (containerPort === '') return { ports: [], error: `no port specified: ${raw}<empty>` };
  const range = /^(\d+)(?:-(\d+))?$/.exec(containerPort);
  if (!range) return { ports: [], error: `invalid containerPort: ${containerPort}` };
  const start = Number(range[1]);
  const end = range[2] === undefined ? start : Number(range[2]);
  if (start > 65535 || end > 65535 || end < start) return { ports: [], error: `invalid containerPort: ${containerPort}` };
  const ports: string[] = [];
  for (let p = start; p <= end; p++) ports.push(`${p}/${proto}`);
  return { ports };
}

const SIGNALS = new Set(['ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE',
  'POLL', 'PROF', 'PWR', 'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'UNUSED', 'URG',
  'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ', 'RTMIN', 'RTMAX']);

/** signal.ParseSignal: a number other than 0, or a name with or without SIG. */
export function isValidSignal(raw: string): boolean {
  if (/^-?\d+$/.test(raw)) return Number(raw) !== 0;
  const name = raw.toUpperCase().replace(/^SIG/, '');
  return SIGNALS.has(name) || /^RTMIN\+([1-9]|1[0-5])$/.test(name) || /^RTMAX-([1-9]|1[0-4])$/.test(name);
}
