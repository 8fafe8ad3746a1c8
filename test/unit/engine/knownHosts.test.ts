// known_hosts lookups: plain and hashed names (hashed by OpenSSH's own ssh-keygen -H when it is
// installed), ports, wildcards, negation, @revoked; and the verdict on a presented key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkHostKey, knownHostsName, parseKnownHosts } from '../../../src/engine/knownHosts';

/** An ssh-ed25519 public key blob: string "ssh-ed25519", string key (RFC 8709). */
function ed25519Blob(): Buffer {
  const der = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
  const raw = der.subarray(der.length - 32);
  const str = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
}
const a = ed25519Blob();
const b = ed25519Blob();
const line = (hosts: string, blob: Buffer): string => `${hosts} ssh-ed25519 ${blob.toString('base64')}`;

test('names: port 22 plain, other ports in brackets', () => {
  assert.equal(knownHostsName('box', 22), 'box');
  assert.equal(knownHostsName('box', 2222), '[box]:2222');
});

test('plain patterns, lists, wildcards and negation', () => {
  const text = [
    '# comment',
    line('box,other', a),
    line('[box]:2222', b),
    line('*.lab.example,!secret.lab.example', b),
    '@cert-authority *.example ssh-ed25519 AAAA',
  ].join('\n');
  assert.deepEqual(parseKnownHosts(text, 'box', 22).keys.map((k) => k.blob), [a]);
  assert.deepEqual(parseKnownHosts(text, 'box', 2222).keys.map((k) => k.blob), [b]);
  assert.equal(parseKnownHosts(text, 'web.lab.example', 22).keys.length, 1);
  assert.equal(parseKnownHosts(text, 'secret.lab.example', 22).keys.length, 0);
  assert.equal(parseKnownHosts(text, 'nowhere', 22).keys.length, 0);
});

test('hashed names as ssh-keygen -H writes them', (t) => {
  const check = spawnSync('ssh-keygen', ['-?'], { encoding: 'utf8' });
  if (check.error) return t.skip('ssh-keygen is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'lw-known-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'known_hosts');
  writeFileSync(file, `${line('[127.0.0.1]:2200', a)}\n${line('build-box', b)}\n`);
  assert.equal(spawnSync('ssh-keygen', ['-q', '-H', '-f', file]).status, 0);
  const hashed = readFileSync(file, 'utf8');
  assert.doesNotMatch(hashed, /build-box|127\.0\.0\.1/);
  assert.deepEqual(parseKnownHosts(hashed, '127.0.0.1', 2200).keys.map((k) => k.blob), [a]);
  assert.deepEqual(parseKnownHosts(hashed, 'build-box', 22).keys.map((k) => k.blob), [b]);
  assert.equal(parseKnownHosts(hashed, '127.0.0.1', 22).keys.length, 0);
});

test('the verdict on a presented key', () => {
  const known = parseKnownHosts(`${line('box', a)}\n@revoked ${line('box', b)}`, 'box', 22);
  assert.equal(checkHostKey(known, a, 'box:22', '~/.ssh/known_hosts', 'ssh me@box'), undefined);
  assert.match(checkHostKey(known, b, 'box:22', '~/.ssh/known_hosts', 'ssh me@box')!, /@revoked/);
  const other = ed25519Blob();
  assert.match(checkHostKey(known, other, 'box:22', '~/.ssh/known_hosts', 'ssh me@box')!, /does not match/);
  assert.match(checkHostKey(parseKnownHosts('', 'box', 22), a, 'box:22', '~/.ssh/known_hosts', 'ssh me@box')!, /not in ~\/\.ssh\/known_hosts\. Connect once with `ssh me@box`/);
});
