// The explorer's counts against the engine's own answers, over the real store: a network counts
// the containers `docker network inspect` lists (containers with an endpoint: not those created
// and never started, nor stopped ones), and the temporary containers of a classic build, which
// the store does see, never show in the Containers view.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { currentEndpoint } from '../../../src/engine/endpoints';
import { createEngineStore, LiveEngineStore } from '../../../src/engine/store';
import { ContainersTree } from '../../../src/explorer/tree/containersTree';
import { NetworksTree } from '../../../src/explorer/tree/networksTree';
import type { ViewNode } from '../../../src/explorer/tree/viewNode';
import { engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';
import { until } from '../../support/until';

const docker = engineClient();
const run = randomBytes(4).toString('hex');
const value = `usage-${run}`;
const labels = { [TEST_LABEL]: value };
let store: LiveEngineStore;
const dir = mkdtempSync(join(tmpdir(), 'lw-usage-'));

before(async () => {
  store = createEngineStore(currentEndpoint());
  await store.settled();
  assert.equal(store.state.kind, 'connected');
});

after(async () => {
  store?.dispose();
  await removeLabelled(docker, value);
  await docker.getImage(`lw-usage-build-${run}:t1`).remove({ force: true }).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

/** The tree nodes, children of every node included. */
function allNodes(tree: { roots(): ViewNode[]; children(n: ViewNode): ViewNode[] | Promise<ViewNode[]> }): ViewNode[] {
  const out: ViewNode[] = [];
  const walk = (nodes: ViewNode[]): void => {
    for (const n of nodes) {
      out.push(n);
      if (n.children && !n.loadChildren) walk(tree.children(n) as ViewNode[]);
    }
  };
  walk(tree.roots());
  return out;
}

describe('explorer counts against the engine', () => {
  it('counts on a network the containers `docker network inspect` lists, not those never started or stopped', async () => {
    const network = await docker.createNetwork({ Name: `lw-usage-net-${run}`, Labels: labels });
    const create = (name: string) => docker.createContainer({ name, Image: 'busybox:local', Cmd: ['sleep', '120'], Labels: labels, StopTimeout: 1, HostConfig: { NetworkMode: `lw-usage-net-${run}` } });
    const running = await create(`lw-usage-running-${run}`);
    await running.start();
    const created = await create(`lw-usage-created-${run}`);
    const stopped = await create(`lw-usage-stopped-${run}`);
    await stopped.start();
    await stopped.stop({ t: 0 });
    const tree = new NetworksTree(store, 1);
    try {
      const engine = (await network.inspect()) as { Containers?: Record<string, unknown> };
      const attached = Object.keys(engine.Containers ?? {});
      assert.deepEqual(attached, [running.id], 'the engine lists only the running one');
      await until('the store to see all three containers in their states', () =>
        store.containers().get(running.id)?.state === 'running' && store.containers().get(created.id)?.state === 'created' && store.containers().get(stopped.id)?.state === 'exited');
      const node = await until('the network node', () => {
        tree.refresh();
        tree.flush();
        return tree.roots().find((n) => n.label === `lw-usage-net-${run}`);
      });
      assert.equal(node.description, `bridge · local · ${attached.length} container`);
      assert.deepEqual((tree.children(node) as ViewNode[]).map((n) => n.target?.id), attached);
    } finally {
      tree.dispose();
    }
  });

  it('never shows the containers a classic build makes for its steps, which the store does see', async () => {
    // The LABEL comes before the RUN, so the step's container carries it: this test's and nobody else's.
    writeFileSync(join(dir, 'Dockerfile'), `FROM busybox:local\nLABEL ${TEST_LABEL}=${value}\nRUN sleep 3 && echo built-${run}\n`);
    const tree = new ContainersTree(store, 1);
    tree.groupBy = 'none';
    const shownBuildSteps: string[] = [];
    const seenBuildSteps = new Set<string>();
    const check = (): void => {
      for (const c of store.containers().values()) {
        if (c.labels[TEST_LABEL] === value && c.buildStep) seenBuildSteps.add(c.id);
      }
      tree.flush();
      for (const n of allNodes(tree)) if (n.target?.kind === 'container' && seenBuildSteps.has(n.target.id)) shownBuildSteps.push(n.label);
    };
    tree.roots();
    const subscription = store.onDidChange(check);
    try {
      const build = spawn('docker', ['build', '--no-cache', '-t', `lw-usage-build-${run}:t1`, dir], { env: { ...process.env, DOCKER_BUILDKIT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      build.stdout.on('data', (d: Buffer) => (output += d.toString()));
      build.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const status = await new Promise<number>((resolve) => build.on('close', (code) => resolve(code ?? 1)));
      assert.equal(status, 0, output);
      assert.match(output, /Running in [0-9a-f]{12}/, 'the classic builder made step containers');
      assert.ok(seenBuildSteps.size > 0, 'the store saw the step container (and knew it for one)');
      assert.deepEqual(shownBuildSteps, [], 'no step container in the Containers view');
      // A container the user runs from an image id is theirs: it stays in the view.
      const mine = await docker.createContainer({ name: `lw-usage-byid-${run}`, Image: (await docker.getImage('busybox:local').inspect()).Id, Cmd: ['true'], Labels: labels });
      await until('the container run from an image id in the view', () => {
        tree.flush();
        return tree.roots().some((n) => n.target?.id === mine.id);
      });
    } finally {
      subscription.dispose();
      tree.dispose();
    }
  });
});
