// Human-readable sizes, ages and ports for tree descriptions and tooltips. No `vscode` import, so
// these are unit-tested under plain Node.
import type { MountInfo, PortMapping } from '../engine/model';

const SIZE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Bytes in decimal units with three significant digits, the way the `docker` CLI prints sizes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 999.5 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const text = unit === 0 ? String(Math.round(value)) : value.toPrecision(3).replace(/\.0+$|(\.\d*?)0+$/, '$1');
  return `${text} ${SIZE_UNITS[unit]}`;
}

const AGE_STEPS: ReadonlyArray<readonly [seconds: number, name: string]> = [
  [365 * 24 * 3600, 'year'],
  [30 * 24 * 3600, 'month'],
  [7 * 24 * 3600, 'week'],
  [24 * 3600, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
];

/** "3 days ago" for a creation time in seconds since the epoch, measured against `nowMs`. */
export function formatAge(createdSeconds: number, nowMs: number = Date.now()): string {
  const elapsed = Math.max(0, Math.floor(nowMs / 1000 - createdSeconds));
  for (const [size, name] of AGE_STEPS) {
    const count = Math.floor(elapsed / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

/** "0.0.0.0:8080→80/tcp" for a published port, "80/tcp" for an exposed-only one. */
export function formatPort(port: PortMapping): string {
  const inside = `${port.privatePort}/${port.protocol}`;
  if (port.publicPort === undefined) return inside;
  const host = port.hostIp && port.hostIp !== '' ? `${port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp}:` : '';
  return `${host}${port.publicPort}→${inside}`;
}

/**
 * The short form for a description line: published ports only, host address left out and
 * duplicates from IPv4 + IPv6 bindings of the same port merged ("8080→80/tcp").
 */
export function formatPublishedPorts(ports: readonly PortMapping[]): string {
  const seen = new Set<string>();
  for (const port of ports) {
    if (port.publicPort === undefined) continue;
    seen.add(`${port.publicPort}→${port.privatePort}${port.protocol === 'tcp' ? '' : `/${port.protocol}`}`);
  }
  return [...seen].join(', ');
}

/** What a mount is, in the words the tree shows next to it. */
export function describeMountKind(kind: MountInfo['kind']): string {
  switch (kind) {
    case 'named-volume': return 'named volume';
    case 'anonymous-volume': return 'anonymous volume';
    case 'bind': return 'bind mount';
    case 'tmpfs': return 'tmpfs';
    default: return 'mount';
  }
}

/** The 12-character short form of an id the CLI prints (without any "sha256:" prefix). */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** A history `created_by` line as it reads in a Dockerfile: the builder's shell prefix removed. */
export function layerInstruction(createdBy: string): string {
  const text = createdBy.trim();
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(text);
  if (nop) return text.slice(nop[0].length).trim();
  const run = /^\/bin\/sh -c\s+/.exec(text);
  if (run) return `RUN ${text.slice(run[0].length)}`;
  return text;
}

/** A container's image as people read it: a bare image id (a container run from an id) shortened. */
export function displayImage(image: string): string {
  return /^sha256:[0-9a-f]{64}$/.test(image) ? shortId(image) : image;
}

// One collator for every sort: `localeCompare` with options builds a new one per call, which made
// sorting a thousand containers the slowest part of a tree rebuild.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Natural, case-insensitive order for names ("web2" before "web10"). */
export const compareText: (a: string, b: string) => number = collator.compare;
