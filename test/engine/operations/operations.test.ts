// src/engine/operations/ against the real engine and the local registries: every object created
// here is labelled TEST_LABEL=<this run> (or named uniquely, for pushed tags) and removed.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { availableShells, estimateContainerPrune, inspectContainer, killContainer, pauseContainer, pruneContainers, unpauseContainer } from '../../../src/engine/operations/containers';
import { buildImage } from '../../../src/engine/operations/build';
import { estimateImagePrune, isAuthFailure, pruneImages, pullImage, pushImage, removeImage, tagImage } from '../../../src/engine/operations/images';
import type { LayerProgress } from '../../../src/engine/operations/jsonStream';
import { findRegistryAuth, loginAdvice } from '../../../src/engine/operations/registryAuth';
import { createVolume, estimateVolumePrune, removeVolume, removeVolumes } from '../../../src/engine/operations/volumes';
import { engineClient, engineDiskUsage, removeLabelled, TEST_LABEL } from '../../support/engine';
import { authRegistryLogin, deleteFromRegistry } from '../../support/registry';

const docker = engineClient();
const run = randomBytes(4).toString('hex');
const label = `${TEST_LABEL}=ops-${run}`;
const labels = { [TEST_LABEL]: `ops-${run}` };
const scope = { labels: [label] };
const registry = process.env.LAYERWISE_REGISTRY ?? '127.0.0.1:5000';
const authRegistry = process.env.LAYERWISE_AUTH_REGISTRY ?? '127.0.0.1:5001';
const temp = mkdtempSync(join(tmpdir(), 'lw-ops-'));

async function sleeper(name: string): Promise<string> {
  const c = await docker.createContainer({ name, Image: 'busybox:local', Cmd: ['sleep', '300'], Labels: labels, StopTimeout: 1 });
  await c.start();
  return c.id;
}

after(async () => {
  // Tags of busybox:local (no label of their own), in case a test stopped half-way.
  await docker.getImage(`${authRegistry}/lw-ops-auth-${run}:t1`).remove().catch(() => undefined);
  await removeLabelled(docker, `ops-${run}`).catch(() => undefined);
  rmSync(temp, { recursive: true, force: true });
});

describe('container operations', () => {
  it('pause, unpause, kill, shells, inspect, then prune exactly the stopped containers the estimate named', async () => {
    const name = `lw-ops-c-${run}`;
    const id = await sleeper(name);
    await pauseContainer(docker, id);
    assert.equal((await docker.getContainer(id).inspect()).State.Status, 'paused');
    await unpauseContainer(docker, id);
    assert.equal((await docker.getContainer(id).inspect()).State.Status, 'running');
    // busybox:local has sh but no bash.
    assert.deepEqual(await availableShells(docker, id), ['sh']);
    assert.equal((await inspectContainer(docker, id)).Name, `/${name}`);
    await killContainer(docker, id);
    const killed = await docker.getContainer(id).inspect();
    assert.equal(killed.State.Running, false);
    assert.equal(killed.State.ExitCode, 137);

    const keep = await sleeper(`lw-ops-keep-${run}`); // running: a prune must leave it
    const estimate = await estimateContainerPrune(docker, scope);
    assert.deepEqual(estimate.names, [name]);
    const engineSizes = await docker.listContainers({ all: true, size: true, filters: JSON.stringify({ id: [id] }) });
    assert.equal(estimate.bytes, (engineSizes[0] as { SizeRw?: number }).SizeRw ?? 0);
    // Prunes at once (another client's among them) meet the engine's one-prune-at-a-time rule:
    // each waits for the one running and then runs, none fails with 409.
    const others = Array.from({ length: 3 }, () => pruneContainers(docker, { labels: [`${TEST_LABEL}=ops-nothing-${run}`] }));
    const pruned = await pruneContainers(docker, scope);
    for (const other of await Promise.all(others)) assert.deepEqual(other.removed, []);
    assert.deepEqual(pruned.removed, [id]);
    await assert.rejects(docker.getContainer(id).inspect(), /no such container/i);
    assert.equal((await docker.getContainer(keep).inspect()).State.Running, true);
  });
});

describe('image operations', () => {
  it('tags, pushes with layer progress, removes the image, pulls it back to the same image', async () => {
    const dir = join(temp, 'push');
    mkdirSync(dir);
    writeFileSync(join(dir, 'Dockerfile'), `FROM busybox:local\nLABEL ${label}\nRUN echo ${run} > /unique\n`);
    // Classic: a BuildKit image's layers stay in the engine's build cache after rmi, so the pull below would move no bytes.
    const built = await buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), labels, builder: 'classic' });
    const reference = `${registry}/lw-ops-${run}:t1`;
    try {
      await tagImage(docker, built.imageId!, reference);
      let pushed: LayerProgress | undefined;
      await pushImage(docker, reference, { onProgress: (p) => (pushed = p) });
      // What the engine must report for each layer: it reached "Pushed" (or "Layer already exists",
      // "Mounted from"). Not bytes: for a tiny layer the engine may send no byte counts at all.
      assert.ok(pushed, 'push progress was reported');
      assert.deepEqual([pushed.layerCount, pushed.doneCount], [2, 2], 'both layers (busybox and the RUN) reported done');
      await removeImage(docker, reference); // the last tag: the image and its own layer go
      await assert.rejects(docker.getImage(built.imageId!).inspect());
      let pulled: LayerProgress | undefined;
      await pullImage(docker, reference, { onProgress: (p) => (pulled = p) });
      assert.equal((await docker.getImage(reference).inspect()).Id, built.imageId);
      // Every layer reached "Pull complete" (the RUN layer) or "Already exists" (busybox's).
      assert.ok(pulled, 'pull progress was reported');
      assert.deepEqual([pulled.layerCount, pulled.doneCount], [2, 2], JSON.stringify(pulled.bytes));
      await assert.rejects(pullImage(docker, `${registry}/lw-ops-missing-${run}:nope`), /not found|unknown/i);
    } finally {
      await removeImage(docker, reference).catch(() => undefined);
      await deleteFromRegistry(reference);
    }
  });

  it('pushes to an authenticated registry with the CLI config auths, and says to log in without them', async () => {
    const reference = `${authRegistry}/lw-ops-auth-${run}:t1`;
    await tagImage(docker, 'busybox:local', reference);
    try {
      const none = join(temp, 'no-login');
      mkdirSync(none);
      writeFileSync(join(none, 'config.json'), '{"auths":{}}');
      const missing = findRegistryAuth(reference, { DOCKER_CONFIG: none });
      assert.equal(missing.auth, undefined);
      const refused = await pushImage(docker, reference).then(() => undefined, (e: unknown) => e);
      assert.ok(isAuthFailure(refused), `an auth failure: ${String(refused)}`);
      assert.match(loginAdvice(reference, missing), new RegExp(`docker login ${authRegistry.replace(/\./g, '\\.')}`));

      const loggedIn = join(temp, 'login');
      mkdirSync(loggedIn);
      const { username: user, password } = authRegistryLogin();
      writeFileSync(join(loggedIn, 'config.json'), JSON.stringify({ auths: { [authRegistry]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } }));
      const found = findRegistryAuth(reference, { DOCKER_CONFIG: loggedIn });
      assert.equal(found.auth?.username, user);
      await pushImage(docker, reference, { auth: found.auth });
      // The registry has it now: pulling with the same credentials works after the local tag is gone.
      await removeImage(docker, reference);
      await pullImage(docker, reference, { auth: found.auth });
    } finally {
      await removeImage(docker, reference).catch(() => undefined);
      await deleteFromRegistry(reference, authRegistryLogin());
    }
  });

  it('estimates and prunes dangling, then unused images, within the label scope', async () => {
    const dir = join(temp, 'prune');
    mkdirSync(dir);
    const tag = `lw-ops-prune-${run}:t1`;
    const build = async (n: number): Promise<string> => {
      writeFileSync(join(dir, 'Dockerfile'), `FROM busybox:local\nLABEL ${label}\nRUN echo ${n} > /n-${run}\n`);
      return (await buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), tag, labels, builder: 'classic' })).imageId!;
    };
    const first = await build(1);
    const second = await build(2); // the same tag: the first image is now dangling
    assert.notEqual(first, second);
    const dangling = await estimateImagePrune(docker, 'dangling', scope);
    assert.equal(dangling.names.length, 1);
    const df = await engineDiskUsage<{ Images: Array<{ Id: string; Size: number; SharedSize: number }> }>(docker);
    const firstDf = df.Images.find((i) => i.Id.endsWith(first.replace(/^sha256:/, '')))!;
    assert.equal(dangling.bytes, firstDf.Size - Math.max(0, firstDf.SharedSize));
    const pruned = await pruneImages(docker, 'dangling', scope);
    assert.ok(pruned.removed.some((id) => id.includes(first.replace(/^sha256:/, ''))), JSON.stringify(pruned));
    assert.ok(await docker.getImage(second).inspect());
    const unused = await estimateImagePrune(docker, 'unused', scope);
    assert.deepEqual(unused.names, [tag]);
    await pruneImages(docker, 'unused', scope);
    await assert.rejects(docker.getImage(second).inspect());
  });
});

describe('volume operations', () => {
  it('creates named and unnamed volumes, refuses to remove one in use (naming the container), prunes only unused ones', async () => {
    const named = await createVolume(docker, { name: `lw-ops-v-${run}`, labels });
    assert.equal(named, `lw-ops-v-${run}`);
    const unnamed = await createVolume(docker, { labels });
    assert.match(unnamed, /^[0-9a-f]{64}$/);
    const used = await createVolume(docker, { name: `lw-ops-used-${run}`, labels });
    const userName = `lw-ops-vuser-${run}`;
    await docker.createContainer({ name: userName, Image: 'busybox:local', Cmd: ['true'], Labels: labels, HostConfig: { Binds: [`${used}:/data`] } });
    await assert.rejects(removeVolume(docker, used), new RegExp(`in use by container ${userName}`));

    const anonymous = await estimateVolumePrune(docker, 'anonymous', scope);
    assert.deepEqual(anonymous.names, [unnamed]);
    // Three estimates at once (a prune dialog, another window, the CLI): a 20.10 engine computes
    // one disk usage at a time and refuses the others with 500 "a disk usage operation is already
    // running". Each of ours waits for the one running and answers the same.
    const estimates = await Promise.all([0, 1, 2].map(() => estimateVolumePrune(docker, 'all', scope)));
    for (const other of estimates) assert.deepEqual([...other.names].sort(), [named, unnamed].sort());
    const all = estimates[0]!;
    const removed = await removeVolumes(docker, all.names);
    assert.deepEqual([...removed.removed].sort(), [named, unnamed].sort());
    const left = (await docker.listVolumes({ filters: JSON.stringify({ label: [label] }) })).Volumes.map((v) => v.Name);
    assert.deepEqual(left, [used]);
  });
});

before(async () => {
  await docker.ping();
});
