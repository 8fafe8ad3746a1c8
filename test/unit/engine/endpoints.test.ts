// Endpoint resolution on temporary config dirs laid out like the docker CLI's context store.
// (test/engine/remote checks the same resolver against contexts made by the real `docker context create`.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextDirName, dockerConfigDir, listEndpoints, parseHost } from '../../../src/engine/endpoints';

function tempConfig(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-endpoints-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function writeContext(configDir: string, name: string, host: string, options: { description?: string; tls?: string[]; skipVerify?: boolean } = {}): void {
  const id = createHash('sha256').update(name).digest('hex');
  const metaDir = join(configDir, 'contexts', 'meta', id);
  mkdirSync(metaDir, { recursive: true });
  writeFileSync(join(metaDir, 'meta.json'), JSON.stringify({
    Name: name,
    Metadata: { Description: options.description ?? '' },
    Endpoints: { docker: { Host: host, SkipTLSVerify: options.skipVerify ?? false } },
  }));
  if (options.tls) {
    const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
    mkdirSync(tlsDir, { recursive: true });
    for (const part of options.tls) writeFileSync(join(tlsDir, `${part}.pem`), `${part}\n`);
  }
}

test('no configuration at all: the default unix socket is the current endpoint', (t) => {
  const home = tempConfig(t);
  const list = listEndpoints({ env: {}, homeDir: home });
  assert.equal(list.endpoints.length, 1);
  assert.deepEqual(list.current, {
    name: 'default', description: 'Current DOCKER_HOST based configuration',
    host: 'unix:///var/run/docker.sock', kind: 'unix', source: 'default',
  });
  assert.deepEqual(list.warnings, []);
});

test('DOCKER_CONFIG replaces ~/.docker', (t) => {
  const home = tempConfig(t);
  assert.equal(dockerConfigDir({ env: {}, homeDir: home }), join(home, '.docker'));
  assert.equal(dockerConfigDir({ env: { DOCKER_CONFIG: '/elsewhere' }, homeDir: home }), '/elsewhere');
});

test('context folders are named by the SHA-256 of the context name', () => {
  assert.equal(contextDirName('remote'), createHash('sha256').update('remote').digest('hex'));
  assert.match(contextDirName('a'), /^[0-9a-f]{64}$/);
});

test('currentContext in config.json selects a CLI context, with its TLS files', (t) => {
  const config = tempConfig(t);
  writeContext(config, 'remote', 'tcp://10.0.0.5:2376', { description: 'build box', tls: ['ca', 'cert', 'key'] });
  writeContext(config, 'alpha', 'unix:///run/other.sock');
  writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'remote' }));
  const list = listEndpoints({ env: { DOCKER_CONFIG: config } });
  assert.deepEqual(list.endpoints.map((e) => e.name), ['default', 'alpha', 'remote']);
  const tlsDir = join(config, 'contexts', 'tls', contextDirName('remote'), 'docker');
  assert.deepEqual(list.current, {
    name: 'remote', description: 'build box', host: 'tcp://10.0.0.5:2376', kind: 'tcp',
    tls: { ca: join(tlsDir, 'ca.pem'), cert: join(tlsDir, 'cert.pem'), key: join(tlsDir, 'key.pem'), verify: true },
    source: 'cli-context',
  });
  assert.equal(list.endpoints.find((e) => e.name === 'alpha')?.tls, undefined);
});

test('DOCKER_CONTEXT wins over currentContext; DOCKER_HOST wins over both', (t) => {
  const config = tempConfig(t);
  writeContext(config, 'one', 'tcp://one:2375');
  writeContext(config, 'two', 'ssh://me@two:2222');
  writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'one' }));
  assert.equal(listEndpoints({ env: { DOCKER_CONFIG: config } }).current.name, 'one');
  const viaContext = listEndpoints({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'two' } });
  assert.equal(viaContext.current.name, 'two');
  assert.equal(viaContext.current.kind, 'ssh');
  assert.equal(viaContext.current.host, 'ssh://me@two:2222');
  const viaHost = listEndpoints({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'two', DOCKER_HOST: 'tcp://h:1234' } });
  assert.equal(viaHost.current.name, 'default');
  assert.equal(viaHost.current.host, 'tcp://h:1234');
  assert.equal(viaHost.current.source, 'env');
  assert.match(viaHost.warnings.join('\n'), /DOCKER_CONTEXT is ignored/);
  // The contexts are still listed, so the user can switch to them.
  assert.deepEqual(viaHost.endpoints.map((e) => e.name), ['default', 'one', 'two']);
});

test('a missing context falls back to default and says so', (t) => {
  const config = tempConfig(t);
  const list = listEndpoints({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'ghost' } });
  assert.equal(list.current.name, 'default');
  assert.match(list.warnings.join('\n'), /"ghost", which does not exist/);
});

test('DOCKER_TLS_VERIFY and DOCKER_CERT_PATH give the default context TLS files that exist', (t) => {
  const config = tempConfig(t);
  const certs = join(config, 'certs');
  mkdirSync(certs);
  for (const part of ['ca', 'cert', 'key']) writeFileSync(join(certs, `${part}.pem`), 'x');
  const list = listEndpoints({ env: { DOCKER_CONFIG: config, DOCKER_HOST: 'tcp://engine.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs } });
  assert.equal(list.current.host, 'tcp://engine.example:2376');
  assert.deepEqual(list.current.tls, { ca: join(certs, 'ca.pem'), cert: join(certs, 'cert.pem'), key: join(certs, 'key.pem'), verify: true });
  // DOCKER_TLS alone: TLS without verifying the server; certificates from the config dir.
  writeFileSync(join(config, 'cert.pem'), 'x');
  const loose = listEndpoints({ env: { DOCKER_CONFIG: config, DOCKER_HOST: 'tcp://engine.example', DOCKER_TLS: '1' } });
  assert.deepEqual(loose.current.tls, { cert: join(config, 'cert.pem'), verify: false });
  // No TLS variables: plain tcp on 2375.
  const plain = listEndpoints({ env: { DOCKER_CONFIG: config, DOCKER_HOST: 'tcp://engine.example' } });
  assert.equal(plain.current.host, 'tcp://engine.example:2375');
  assert.equal(plain.current.tls, undefined);
});

test('a context with SkipTLSVerify uses TLS without verification', (t) => {
  const config = tempConfig(t);
  writeContext(config, 'loose', 'tcp://h:2376', { skipVerify: true });
  const list = listEndpoints({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'loose' } });
  assert.deepEqual(list.current.tls, { verify: false });
});

test('unreadable contexts are skipped with a warning', (t) => {
  const config = tempConfig(t);
  const bad = join(config, 'contexts', 'meta', contextDirName('bad'));
  mkdirSync(bad, { recursive: true });
  writeFileSync(join(bad, 'meta.json'), '{not json');
  writeContext(config, 'good', 'unix:///x.sock');
  const list = listEndpoints({ env: { DOCKER_CONFIG: config } });
  assert.deepEqual(list.endpoints.map((e) => e.name), ['default', 'good']);
  assert.match(list.warnings.join('\n'), /could not be read/);
});

test('host strings are parsed as the CLI parses them', () => {
  assert.deepEqual(parseHost('unix:///run/docker.sock', false), { host: 'unix:///run/docker.sock', kind: 'unix' });
  assert.deepEqual(parseHost('unix://', false), { host: 'unix:///var/run/docker.sock', kind: 'unix' });
  assert.deepEqual(parseHost('tcp://1.2.3.4', false), { host: 'tcp://1.2.3.4:2375', kind: 'tcp' });
  assert.deepEqual(parseHost('tcp://1.2.3.4', true), { host: 'tcp://1.2.3.4:2376', kind: 'tcp' });
  assert.deepEqual(parseHost('1.2.3.4:999', false), { host: 'tcp://1.2.3.4:999', kind: 'tcp' });
  assert.deepEqual(parseHost('ssh://alice@box', false), { host: 'ssh://alice@box', kind: 'ssh' });
  assert.deepEqual(parseHost('ssh://box:2200', false), { host: 'ssh://box:2200', kind: 'ssh' });
  assert.deepEqual(parseHost('npipe:////./pipe/docker_engine', false), { host: 'npipe:////./pipe/docker_engine', kind: 'npipe' });
  assert.equal(parseHost('fd://', false), undefined);
  assert.equal(parseHost('http://x', false), undefined);
});

test('an unusable DOCKER_HOST falls back to the default socket with a warning', (t) => {
  const config = tempConfig(t);
  const list = listEndpoints({ env: { DOCKER_CONFIG: config, DOCKER_HOST: 'fd://' } });
  assert.equal(list.current.host, 'unix:///var/run/docker.sock');
  assert.match(list.warnings.join('\n'), /not a host the engine client understands/);
});
