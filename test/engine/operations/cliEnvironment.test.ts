// The argv and environment Layerwise gives its `docker` terminals reach the engine the explorer
// shows: the real docker CLI, run with exactly them (no shell), prints the container's logs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, it } from 'node:test';
import { currentEndpoint } from '../../../src/engine/endpoints';
import { dockerCliEnvironment, logsArgs } from '../../../src/engine/operations/cliEnvironment';
import { engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';

const docker = engineClient();
const run = randomBytes(4).toString('hex');
// This run's own label value: another suite's clean-up on the same engine never takes this container.
const labelValue = `cli-env-${run}`;
after(() => removeLabelled(docker, labelValue));

it('docker logs with the terminal argv and environment prints the container output', async () => {
  const word = `hello-${run}`;
  const container = await docker.createContainer({ Image: 'busybox:local', Cmd: ['echo', word], Labels: { [TEST_LABEL]: labelValue } });
  await container.start();
  await container.wait();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(dockerCliEnvironment(currentEndpoint()))) {
    if (value === null) delete env[key];
    else env[key] = value;
  }
  const result = spawnSync('docker', logsArgs(container.id), { env, encoding: 'utf8', timeout: 10_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), word);
});
