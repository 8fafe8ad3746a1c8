// `docker run -p` / `--publish` and `--expose` values turned into the engine's ExposedPorts keys
// and PortBindings, by the rules the docker CLI applies (docker/cli's container options and the
// go-connections `nat` package it vendors): `[ip:][hostPort:]containerPort[/proto]`, ranges on
// either side, IPv6 in brackets, and the long form `published=8080,target=80,protocol=udp`.
// Errors carry the CLI's own words. No `vscode` import.
import { isIP } from 'node:net';

export interface PortBinding {
  readonly HostIp: string;
  readonly HostPort: string;
}

/** One container port (`80/tcp`) and where the host publishes it. */
export interface PublishedPort {
  readonly key: string;
  readonly binding: PortBinding;
}

const PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp']);

/** The long form (`target=80,published=8080`) as the short one, as the CLI converts it. */
function standardNotation(spec: string): string {
  if (!spec.includes('=')) return spec;
  const params: Record<string, string> = { protocol: 'tcp' };
  for (const param of spec.split(',')) {
    const eq = param.indexOf('=');
    if (eq <= 0) throw new Error(`invalid publish opts format (should be name=value but got '${param}')`);
    params[param.slice(0, eq)] = param.slice(eq + 1);
  }
  return `${params.published ?? ''}:${params.target ?? ''}/${params.protocol}`;
}

/** `ip`, `hostPort` and `containerPort`: everything before the last two colons is the address. */
function splitParts(spec: string): [string, string, string] {
  const parts = spec.split(':');
  const n = parts.length;
  if (n === 1) return ['', '', parts[0]!];
  if (n === 2) return ['', parts[0]!, parts[1]!];
  return [parts.slice(0, n - 2).join(':'), parts[n - 2]!, parts[n - 1]!];
}

/** `80/udp` -> ['udp', '80']; no protocol is tcp; an empty port gives ['', '']. */
function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split('/');
  if (raw === '' || parts[0] === '') return ['', ''];
  if (parts.length === 1 || parts[1] === '') return ['tcp', parts[0]!];
  return [parts[1]!, parts[0]!];
}

/** A port number as Go's ParseUint(s, 10, 16) reads one; 0 is refused too (it publishes nothing). */
function portNumber(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** `8000-8005` or `80` -> [start, end]; undefined when it is not a valid range. */
export function portRange(text: string): [number, number] | undefined {
  const parts = text.split('-');
  if (parts.length > 2) return undefined;
  const start = portNumber(parts[0]!);
  const end = parts.length === 2 ? portNumber(parts[1]!) : start;
  if (start === undefined || end === undefined || end < start) return undefined;
  return [start, end];
}

/** The address part as the engine wants it (brackets gone), or an error in the CLI's words. */
function hostAddress(ip: string): string {
  if (ip === '') return '';
  let address = ip;
  if (ip.startsWith('[')) {
    // net.SplitHostPort(ip + ":"): a bracketed address, nothing after the bracket.
    const close = ip.indexOf(']');
    if (close < 0 || close !== ip.length - 1) throw new Error(`invalid IP address ${ip}`);
    address = ip.slice(1, close);
  }
  // Go's net.ParseIP takes no zone (`%eth0`) and no IPv4 part with a leading zero.
  if (address.includes('%') || isIP(address) === 0) throw new Error(`invalid IP address: ${address}`);
  return address;
}

const OUT_OF_RANGE = ' (ports are 1-65535, a range is start-end)';

/** One `-p` value as the ports and bindings `docker run -p` gives for it. */
export function parsePublish(spec: string): PublishedPort[] {
  const standard = standardNotation(spec);
  const [ip, hostPort, containerPart] = splitParts(standard);
  const [proto, containerPort] = splitProtoPort(containerPart);
  const address = hostAddress(ip);
  if (containerPort === '') throw new Error(`no port specified: ${standard}<empty>`);
  const container = portRange(containerPort);
  if (!container) throw new Error(`invalid containerPort: ${containerPort}${OUT_OF_RANGE}`);
  let host: [number, number] | undefined;
  if (hostPort !== '') {
    host = portRange(hostPort);
    if (!host) throw new Error(`invalid hostPort: ${hostPort}${OUT_OF_RANGE}`);
    // A host range for ONE container port is the range the engine picks a free port from.
    if (container[1] - container[0] !== host[1] - host[0] && container[1] !== container[0]) {
      throw new Error(`invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
    }
  }
  const protocol = proto.toLowerCase();
  if (!PROTOCOLS.has(protocol)) throw new Error(`invalid proto: ${proto}`);
  const single = container[0] === container[1];
  const result: PublishedPort[] = [];
  for (let i = 0; i <= container[1] - container[0]; i++) {
    let published = '';
    if (host) published = single && host[0] !== host[1] ? `${host[0]}-${host[1]}` : String(host[0] + i);
    result.push({ key: `${container[0] + i}/${protocol}`, binding: { HostIp: address, HostPort: published } });
  }
  return result;
}

/** `--expose 80`, `--expose 8000-8005/udp`: ports exposed without publishing them. */
export function parseExpose(spec: string): string[] {
  if (spec.includes(':')) throw new Error(`invalid port format for --expose: ${spec}`);
  const [proto, port] = splitProtoPort(spec);
  const range = portRange(port);
  if (!range) throw new Error(`invalid range format for --expose: ${spec}${OUT_OF_RANGE}`);
  const protocol = proto.toLowerCase();
  if (!PROTOCOLS.has(protocol)) throw new Error(`invalid proto: ${proto}`);
  const keys: string[] = [];
  for (let p = range[0]; p <= range[1]; p++) keys.push(`${p}/${protocol}`);
  return keys;
}

/** ExposedPorts and PortBindings for every `-p` and `--expose`, in the order given. */
export function portConfig(publish: readonly string[], expose: readonly string[] = []): {
  exposedPorts: Record<string, Record<string, never>>;
  portBindings: Record<string, PortBinding[]>;
} {
  const exposedPorts: Record<string, Record<string, never>> = {};
  const portBindings: Record<string, PortBinding[]> = {};
  for (const spec of publish) {
    for (const { key, binding } of parsePublish(spec)) {
      exposedPorts[key] = {};
      (portBindings[key] ??= []).push(binding);
    }
  }
  for (const spec of expose) for (const key of parseExpose(spec)) exposedPorts[key] = {};
  return { exposedPorts, portBindings };
}

/** `-p` values that publish an image's EXPOSEd ports on the same host port (`8080/tcp` -> `8080:8080`). */
export function publishExposed(exposedKeys: Iterable<string>): string[] {
  const specs: string[] = [];
  for (const key of exposedKeys) {
    const [port, proto] = key.split('/');
    if (!port || !portRange(port)) continue;
    specs.push(proto && proto !== 'tcp' ? `${port}:${port}/${proto}` : `${port}:${port}`);
  }
  return specs;
}
