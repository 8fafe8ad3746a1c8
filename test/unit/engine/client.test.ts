// The dockerode options made for each endpoint kind; a stray DOCKER_HOST must not leak in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerClient, modemOptions } from '../../../src/engine/client';
import { SshDialAgent } from '../../../src/engine/ssh';

test('unix endpoint: socket path only, even with DOCKER_HOST set in the process', () => {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'tcp://elsewhere:2375';
  try {
    const docker = createDockerClient({ name: 'x', host: 'unix:///tmp/a.sock', kind: 'unix', source: 'cli-context' });
    const modem = docker.modem as unknown as { socketPath?: string; host?: string };
    assert.equal(modem.socketPath, '/tmp/a.sock');
    assert.equal(modem.host, undefined);
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
});

test('tcp with TLS reads the PEM files; a missing one is a tls configuration error', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-client-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const part of ['ca', 'cert', 'key']) writeFileSync(join(dir, `${part}.pem`), part);
  const opts = modemOptions({ name: 'r', host: 'tcp://127.0.0.1:2376', kind: 'tcp', tls: { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), verify: true }, source: 'cli-context' }) as Record<string, unknown>;
  assert.equal(opts.protocol, 'https');
  assert.equal(opts.host, '127.0.0.1');
  assert.equal(opts.port, '2376');
  assert.equal(String(opts.cert), 'cert');
  assert.throws(() => modemOptions({ name: 'r', host: 'tcp://h:2376', kind: 'tcp', tls: { ca: join(dir, 'missing.pem'), verify: true }, source: 'cli-context' }),
    (e: Error & { reason?: string }) => e.reason === 'tls' && /missing\.pem/.test(e.message));
});

test('ssh endpoint: one ssh connection (user, port, the agent socket from the environment) carries plain HTTP', (t) => {
  const opts = modemOptions({ name: 's', host: 'ssh://alice@box:2222', kind: 'ssh', source: 'cli-context' }, { env: { SSH_AUTH_SOCK: '/tmp/agent.sock' } }) as Record<string, unknown>;
  const agent = opts.agent as SshDialAgent;
  t.after(() => agent.destroy());
  assert.equal(opts.protocol, 'http');
  assert.ok(agent instanceof SshDialAgent);
  const config = (agent as unknown as { config: Record<string, unknown> }).config;
  assert.equal(config.host, 'box');
  assert.equal(config.port, 2222);
  assert.equal(config.username, 'alice');
  assert.equal(config.agent, '/tmp/agent.sock');
});

test('requests are counted with their query', async () => {
  const seen: string[] = [];
  const docker = createDockerClient({ name: 'x', host: 'unix:///nonexistent/docker.sock', kind: 'unix', source: 'cli-context' }, { onRequest: (r) => seen.push(`${r.method} ${r.path}`) });
  await assert.rejects(docker.listContainers({ all: true, filters: { id: ['abc'] } }), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
  assert.deepEqual(seen, ['GET /containers/json?all=true&filters=%7B%22id%22%3A%5B%22abc%22%5D%7D']);
});
