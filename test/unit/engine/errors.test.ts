// Unreachable reasons from the errors Node's net/tls and ssh2 raise (their codes and levels).
// The engine tier produces the same errors for real (missing socket, TLS, ssh) and checks them end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyEngineError, EngineTimeoutError } from '../../../src/engine/errors';
import type { EngineEndpoint } from '../../../src/engine/model';

const unix: EngineEndpoint = { name: 'default', host: 'unix:///var/run/docker.sock', kind: 'unix', source: 'default' };
const tcp: EngineEndpoint = { name: 'remote', host: 'tcp://10.0.0.1:2376', kind: 'tcp', tls: { verify: true }, source: 'cli-context' };
const ssh: EngineEndpoint = { name: 'box', host: 'ssh://me@box:2222', kind: 'ssh', source: 'cli-context' };
const err = (code: string, message = code, extra: Record<string, unknown> = {}): Error => Object.assign(new Error(message), { code, ...extra });

test('socket errors', () => {
  assert.equal(classifyEngineError(err('ENOENT'), unix).reason, 'not-running');
  assert.equal(classifyEngineError(err('ECONNREFUSED'), unix).reason, 'not-running');
  assert.equal(classifyEngineError(err('EACCES'), unix).reason, 'permission-denied');
  assert.match(classifyEngineError(err('EACCES'), unix).hint, /docker` group/);
  assert.equal(classifyEngineError(err('ENOTFOUND'), tcp).reason, 'wrong-host');
  assert.equal(classifyEngineError(err('EHOSTUNREACH'), tcp).reason, 'wrong-host');
  assert.equal(classifyEngineError(new EngineTimeoutError(500), tcp).reason, 'wrong-host');
  assert.match(classifyEngineError(err('ENOTFOUND'), tcp).hint, /context "remote"/);
});

test('TLS errors', () => {
  assert.equal(classifyEngineError(err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), tcp).reason, 'tls');
  assert.equal(classifyEngineError(err('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), tcp).reason, 'tls');
  assert.equal(classifyEngineError(err('ECONNRESET', 'socket hang up'), tcp).reason, 'tls');
  const plainToTls = Object.assign(new Error('(HTTP code 400) bad parameter'), { statusCode: 400, json: 'Client sent an HTTP request to an HTTPS server.\n' });
  assert.equal(classifyEngineError(plainToTls, { ...tcp, tls: undefined }).reason, 'tls');
});

test('ssh errors: reaching the host vs authenticating and running docker there', () => {
  assert.equal(classifyEngineError(err('ECONNREFUSED', 'connect ECONNREFUSED', { level: 'client-socket' }), ssh).reason, 'wrong-host');
  assert.equal(classifyEngineError(Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' }), ssh).reason, 'wrong-host');
  const auth = classifyEngineError(Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }), ssh);
  assert.equal(auth.reason, 'ssh');
  assert.match(auth.hint, /ssh -p 2222 me@box docker version/);
  assert.equal(classifyEngineError(new Error('socket hang up'), ssh).reason, 'ssh');
});

test('anything else is unknown but keeps the message', () => {
  const p = classifyEngineError(new Error('weird'), unix);
  assert.equal(p.reason, 'unknown');
  assert.match(p.message, /weird/);
});

test('a socket path that happens to contain "tls" is still a stopped engine, not a TLS problem', () => {
  const endpoint: EngineEndpoint = { name: 'x', host: 'unix:///tmp/lw-tls-1/docker.sock', kind: 'unix', source: 'env' };
  assert.equal(classifyEngineError(err('ENOENT', 'connect ENOENT /tmp/lw-tls-1/docker.sock'), endpoint).reason, 'not-running');
  assert.equal(classifyEngineError(err('EACCES', 'connect EACCES /tmp/lw-tls-1/docker.sock'), endpoint).reason, 'permission-denied');
});
