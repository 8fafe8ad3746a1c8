// Scale benchmark for the engine store behind the explorer, on a PRIVATE dockerd (so the shared
// engine other work uses is not slowed): 1,000 containers (created, not started), 1,000 image tags
// (200 images x 5 tags), 500 volumes. Baseline, measured in the same run: the raw engine list
// calls the store makes (containers all, images, volumes, networks, in parallel).
//
//   node out/bench/explorer-scale.js            (root; BENCH_IDLE_SECONDS=30 by default)
//
// Prints: full refresh (the store's re-list plus a from-scratch rebuild of the Containers, Images
// and Volumes trees, first with no node opened as a fresh window shows them, then with every node
// opened, the worst case) vs the raw list (ratio); event -> store change and event -> tree change
// latency p50/p95 with every node opened (ms, and as a ratio to the raw list); engine requests per minute while idle (target 0). The trees
// are the explorer's own (src/explorer/tree, no `vscode`), with their real 8 ms batching.
import Docker from 'dockerode';
import { createEngineStore, LiveEngineStore } from '../src/engine/store';
import { ContainersTree } from '../src/explorer/tree/containersTree';
import { ImagesTree } from '../src/explorer/tree/imagesTree';
import type { LiveTree } from '../src/explorer/tree/liveTree';
import type { ViewNode } from '../src/explorer/tree/viewNode';
import { VolumesTree } from '../src/explorer/tree/volumesTree';
import { engineClient, TEST_LABEL } from '../test/support/engine';
import { canRunPrivateEngine, copyImage, startPrivateEngine } from '../test/engine/store/private-engine';

const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 1000);
const IMAGES = Number(process.env.BENCH_IMAGES ?? 200);
const TAGS_PER_IMAGE = 5;
const VOLUMES = Number(process.env.BENCH_VOLUMES ?? 500);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const RUNS = 15;
const labels = { [TEST_LABEL]: 'bench' };

async function parallel<T>(count: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < count) {
      const i = next++;
      out[i] = await fn(i);
    }
  }));
  return out;
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function seed(docker: Docker): Promise<void> {
  const t0 = performance.now();
  await copyImage(engineClient(), docker, 'busybox:local');
  // Images: commit a labelled config change of one container, IMAGES times; tag each 5 times.
  const base = await docker.createContainer({ Image: 'busybox:local', Cmd: ['true'], Labels: labels });
  await parallel(IMAGES, 4, async (i) => {
    const { Id } = await base.commit({ changes: [`LABEL bench.image=${i}`, `LABEL ${TEST_LABEL}=bench`] }) as { Id: string };
    for (let t = 0; t < TAGS_PER_IMAGE; t++) await docker.getImage(Id).tag({ repo: `bench/img-${i}`, tag: `v${t}` });
  });
  await base.remove({ force: true });
  await parallel(CONTAINERS, 8, (i) => docker.createContainer({
    name: `bench-c-${i}`, Image: `bench/img-${i % IMAGES}:v0`, Cmd: ['sleep', '1'], Labels: { ...labels, 'com.docker.compose.project': `p${i % 20}` },
    HostConfig: i % 2 === 0 ? { Binds: [`bench-v-${i % VOLUMES}:/data`] } : {},
  }));
  await parallel(VOLUMES, 8, (i) => docker.createVolume({ Name: `bench-v-${i}`, Labels: labels }));
  console.log(`seeded ${CONTAINERS} containers, ${IMAGES * TAGS_PER_IMAGE} tags on ${IMAGES} images, ${VOLUMES} volumes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function rawList(docker: Docker): Promise<number> {
  const t = performance.now();
  await Promise.all([docker.listContainers({ all: true }), docker.listImages(), docker.listVolumes(), docker.listNetworks()]);
  return performance.now() - t;
}

/** Latency from the moment a raw /events subscriber sees an event to the store's change callback. */
type Trees = Record<'container' | 'image' | 'volume', LiveTree>;

async function eventLatencies(docker: Docker, store: LiveEngineStore, trees: Trees): Promise<{ all: number[]; byKind: Record<string, number[]>; toTree: number[] }> {
  const seen = new Map<string, number>(); // object key -> when the raw stream delivered its event
  const raw = (await docker.getEvents({})) as NodeJS.ReadableStream & { destroy(): void };
  let buffered = '';
  raw.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    const now = performance.now();
    for (const line of lines) {
      if (!line.trim()) continue;
      const e = JSON.parse(line) as { Type: string; Action: string; Actor: { ID: string } };
      const key = `${e.Type}:${e.Actor.ID}`;
      if (!seen.has(key)) seen.set(key, now);
    }
  });
  const byKind: Record<string, number[]> = { container: [], volume: [], image: [] };
  const toTree: number[] = [];
  const measure = async (kind: keyof Trees, key: string, id: string, action: () => Promise<unknown>, storeKind: string): Promise<void> => {
    seen.delete(`${kind}:${key}`);
    const treeChanged = new Promise<number>((resolve) => {
      const sub = trees[kind].onDidChange(() => { sub.dispose(); resolve(performance.now()); });
    });
    const done = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`${kind} ${key}: no store change within 5 s (raw event seen: ${seen.has(`${kind}:${key}`)}; last requests ${JSON.stringify(store.requestLog.slice(-3))}; state ${JSON.stringify(store.state)})`));
      }, 5000);
      const sub = store.onDidChange((c) => {
        if (c.kind === storeKind && c.ids.includes(id)) {
          clearTimeout(timer);
          sub.dispose();
          resolve(performance.now());
        }
      });
    });
    await action();
    const changedAt = await done;
    const treeAt = await treeChanged;
    // Both streams read the same engine; if the store was first, wait for the raw one to catch up.
    for (let waited = 0; !seen.has(`${kind}:${key}`) && waited < 100; waited += 5) await new Promise((r) => setTimeout(r, 5));
    const eventAt = seen.get(`${kind}:${key}`);
    if (eventAt !== undefined) {
      byKind[kind].push(changedAt - eventAt);
      toTree.push(treeAt - eventAt);
    }
  };
  const containers = await docker.listContainers({ all: true, filters: { name: ['bench-c-'] } });
  for (let i = 0; i < Math.min(100, containers.length); i++) {
    const c = containers[i];
    await measure('container', c.Id, c.Id, () => docker.getContainer(c.Id).rename({ name: `bench-r-${i}` }), 'containers');
  }
  for (let i = 0; i < 50; i++) {
    const name = `bench-lat-${i}`;
    await measure('volume', name, name, () => docker.createVolume({ Name: name, Labels: labels }), 'volumes');
  }
  const images = await docker.listImages({ filters: { reference: ['bench/img-*'] } });
  for (let i = 0; i < Math.min(50, images.length); i++) {
    const img = images[i];
    await measure('image', img.Id, img.Id, () => docker.getImage(img.Id).tag({ repo: 'bench/extra', tag: `t${i}` }), 'images');
  }
  raw.destroy();
  return { all: [...byKind.container, ...byKind.volume, ...byKind.image], byKind, toTree };
}

/** Asks for the children of every node, as VS Code does when the user expands it (layers excepted: fetched). */
function openAll(tree: LiveTree): void {
  const open = (node: ViewNode): void => {
    if (node.loadChildren) return;
    for (const kid of tree.children(node) as ViewNode[]) open(kid);
  };
  for (const root of tree.roots()) open(root);
}

async function main(): Promise<void> {
  const cannot = canRunPrivateEngine();
  if (cannot) {
    console.error(`explorer-scale: ${cannot}; run it as root on a machine with dockerd`);
    process.exit(2);
  }
  const engine = await startPrivateEngine({ name: 'bench' });
  let store: LiveEngineStore | undefined;
  let trees: Trees | undefined;
  try {
    const docker = engine.client();
    await seed(docker);

    const connectStart = performance.now();
    store = createEngineStore({ name: 'bench', host: engine.host, kind: 'unix', source: 'cli-context' });
    await store.settled();
    const connectMs = performance.now() - connectStart;
    if (store.state.kind !== 'connected') throw new Error(`store did not connect: ${JSON.stringify(store.state)}`);
    console.log(`store holds ${store.containers().size} containers, ${store.images().size} images (${[...store.images().values()].reduce((n, i) => n + i.repoTags.length, 0)} tags), ${store.volumes().size} volumes; first connect ${connectMs.toFixed(1)} ms`);

    const s = store;
    trees = { container: new ContainersTree(s), image: new ImagesTree(s), volume: new VolumesTree(s) };
    const treeList = Object.values(trees);
    const rebuildTrees = (): void => { for (const tree of treeList) { tree.refresh(); tree.flush(); } };
    rebuildTrees();

    // Alternate raw and store runs so both see the same engine conditions. The trees keep the
    // children of nodes VS Code has opened current; measured first as a fresh window shows them
    // (nothing opened), then with every node opened (the worst case), which the event latencies use.
    const measureRefresh = async (label: string): Promise<void> => {
      const raws: number[] = [];
      const refreshes: number[] = [];
      const withTrees: number[] = [];
      await rawList(docker);
      await s.refresh();
      rebuildTrees();
      for (let i = 0; i < RUNS; i++) {
        raws.push(await rawList(docker));
        const t = performance.now();
        await s.refresh();
        refreshes.push(performance.now() - t);
        rebuildTrees();
        withTrees.push(performance.now() - t);
      }
      const rawMs = pct(raws, 50);
      const refreshMs = pct(refreshes, 50);
      const withTreesMs = pct(withTrees, 50);
      console.log(`[${label}] trees hold ${treeList.reduce((n, t) => n + t.nodeCount, 0)} nodes`);
      console.log(`  raw engine list calls (baseline): p50 ${rawMs.toFixed(1)} ms`);
      console.log(`  store full refresh:               p50 ${refreshMs.toFixed(1)} ms   ratio ${(refreshMs / rawMs).toFixed(2)}x (target < 1.3x)`);
      console.log(`    ... plus rebuilding the trees:  p50 ${withTreesMs.toFixed(1)} ms   ratio ${(withTreesMs / rawMs).toFixed(2)}x (target < 1.3x)`);
      lastRawMs = rawMs;
    };
    let lastRawMs = 0;
    await measureRefresh('nothing opened');
    for (const tree of treeList) openAll(tree);
    await measureRefresh('every node opened');
    const rawMs = lastRawMs;

    const { all, byKind, toTree } = await eventLatencies(docker, store, trees);
    const p50 = pct(all, 50);
    const p95 = pct(all, 95);
    console.log(`event -> store change (${all.length} events): p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target p95 < 100 ms); ` +
      `p95 as a ratio to the raw list: ${(p95 / rawMs).toFixed(2)}x`);
    console.log(`event -> tree change  (${toTree.length} events): p50 ${pct(toTree, 50).toFixed(1)} ms, p95 ${pct(toTree, 95).toFixed(1)} ms (target p95 < 100 ms; includes the trees' 8 ms batching); ` +
      `p95 as a ratio to the raw list: ${(pct(toTree, 95) / rawMs).toFixed(2)}x`);
    for (const [kind, values] of Object.entries(byKind)) {
      if (values.length) console.log(`  ${kind.padEnd(9)} n=${values.length} p50 ${pct(values, 50).toFixed(1)} ms p95 ${pct(values, 95).toFixed(1)} ms`);
    }

    const mark = store.requestCount;
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idle = store.requestCount - mark;
    console.log(`idle: ${idle} engine requests in ${IDLE_SECONDS} s = ${(idle * 60 / IDLE_SECONDS).toFixed(1)} per minute (target 0)`);
  } finally {
    for (const tree of Object.values(trees ?? {})) tree.dispose();
    store?.dispose();
    const t = performance.now();
    await engine.destroy();
    console.log(`cleaned up the private engine in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
}

main().catch((error) => {
  console.error(`explorer-scale failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
