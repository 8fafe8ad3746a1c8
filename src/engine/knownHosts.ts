// Host keys the user already trusts, from OpenSSH's ~/.ssh/known_hosts: an ssh endpoint is
// accepted only when the server presents one of them, as `ssh` (and so the docker CLI) requires.
// Supports plain and hashed (`|1|salt|hmac`) host names, `[host]:port`, wildcards, negations and
// @revoked; @cert-authority lines are not supported and are skipped.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface KnownHostKeys {
  /** Key blobs (the base64 field, decoded) the user trusts for this host, by key type. */
  readonly keys: ReadonlyArray<{ readonly type: string; readonly blob: Buffer }>;
  readonly revoked: readonly Buffer[];
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function readKnownHosts(file: string, host: string, port: number): KnownHostKeys {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { keys: [], revoked: [] };
  }
  return parseKnownHosts(text, host, port);
}

export function parseKnownHosts(text: string, host: string, port: number): KnownHostKeys {
  const name = knownHostsName(host, port);
  const keys: Array<{ type: string; blob: Buffer }> = [];
  const revoked: Buffer[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker = '';
    if (fields[0].startsWith('@')) marker = fields.shift()!;
    if (fields.length < 3 || marker === '@cert-authority') continue;
    const [patterns, type, base64] = fields;
    if (!hostMatches(patterns, name)) continue;
    const blob = Buffer.from(base64, 'base64');
    if (marker === '@revoked') revoked.push(blob);
    else keys.push({ type, blob });
  }
  return { keys, revoked };
}

function hostMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    if (wildcard(negated ? pattern.slice(1) : pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function wildcard(pattern: string, name: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\[/g, '\\[').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(name);
}

/**
 * Checks a presented host key: undefined when trusted, else a message that says what to do.
 * `command` is how the user would reach the host with ssh (for the message).
 */
export function checkHostKey(known: KnownHostKeys, presented: Buffer, where: string, file: string, command: string): string | undefined {
  if (known.revoked.some((k) => k.equals(presented))) return `The host key of ${where} is marked @revoked in ${file}.`;
  if (known.keys.some((k) => k.blob.equals(presented))) return undefined;
  if (known.keys.length > 0) {
    return `The host key of ${where} does not match the one in ${file}: it changed, or someone is intercepting the connection. ` +
      `If the change is expected, remove the old key (ssh-keygen -R) and connect once with \`${command}\`.`;
  }
  return `The host key of ${where} is not in ${file}. Connect once with \`${command}\` to check and accept it.`;
}
