// Relative status texts tick from the view's own clock: the formatting (when the text next
// changes), the ticker's timer (an injected clock, no real time), and a tree that re-renders only
// the nodes whose text changed, keeping their ids and objects. The VS Code tier checks the same
// against a real container with no engine request (test/vscode/commands/logsAndStatus.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { liveStatusText } from '../../../src/engine/mapping';
import { msUntilStatusChanges, soonestStatusChange } from '../../../src/explorer/statusClock';
import { StatusTicker, TimerClock } from '../../../src/explorer/statusTicker';
import { ContainersTree } from '../../../src/explorer/tree/containersTree';
import type { TreeChange } from '../../../src/explorer/tree/liveTree';
import { VolumesTree } from '../../../src/explorer/tree/volumesTree';
import type { ViewNode } from '../../../src/explorer/tree/viewNode';
import { container, MemoryStore, volume } from './memoryStore';

const T0 = 1_700_000_000_000;

/** A clock the test moves by hand; timers fire when it passes them. */
class ManualClock implements TimerClock {
  time = T0;
  private timers: Array<{ at: number; callback: () => void; id: number }> = [];
  private ids = 0;
  now(): number { return this.time; }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void { this.timers = this.timers.filter((t) => t.id !== handle); }
  get pending(): number[] { return this.timers.map((t) => t.at - this.time); }
  /** Moves to `time`, firing every timer due on the way, in order. */
  advanceTo(time: number): void {
    for (;;) {
      const due = this.timers.filter((t) => t.at <= time).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = time;
  }
}

describe('status texts over time', () => {
  it('knows when a text next changes: every second, then every minute, then every half hour', () => {
    const up = { status: 'Up Less than a second', statusAt: T0 };
    assert.equal(msUntilStatusChanges(up, T0), 1005);
    assert.equal(msUntilStatusChanges(up, T0 + 1500), 505);
    assert.equal(liveStatusText(up, T0 + 1005), 'Up 1 second');
    const minutes = { status: 'Up 3 minutes', statusAt: T0 };
    assert.equal(msUntilStatusChanges(minutes, T0 + 20_000), 40_005);
    assert.equal(liveStatusText(minutes, T0 + 60_005), 'Up 4 minutes');
    const exited = { status: 'Exited (3) 5 seconds ago', statusAt: T0 };
    assert.equal(liveStatusText(exited, T0 + 1005), 'Exited (3) 6 seconds ago');
    assert.equal(msUntilStatusChanges(exited, T0), 1005);
    assert.equal(msUntilStatusChanges({ status: 'Up 2 hours', statusAt: T0 }, T0), 1_800_005);
    assert.equal(msUntilStatusChanges({ status: 'Created', statusAt: T0 }, T0), undefined);
    assert.equal(msUntilStatusChanges({ status: 'Up 3 minutes' }, T0), undefined, 'no time it was read at: nothing to tick from');
    assert.equal(soonestStatusChange([minutes, up, { status: 'Dead', statusAt: T0 }], T0), 1005);
  });

  it('ticks a tree only while active, at the soonest change, from its own clock', () => {
    const clock = new ManualClock();
    let ticks = 0;
    let next: number | undefined = 1000;
    const listeners: Array<() => void> = [];
    const tree = {
      tick: () => void ticks++,
      nextTick: () => next,
      onDidChange: (l: () => void) => {
        listeners.push(l);
        return { dispose: () => undefined };
      },
    };
    const ticker = new StatusTicker(tree, clock);
    assert.equal(ticker.scheduled, false, 'a hidden view does not tick');
    ticker.setActive(true);
    assert.equal(ticks, 1, 'becoming visible brings the texts up to date');
    assert.deepEqual(clock.pending, [1000]);
    clock.advanceTo(T0 + 3500);
    assert.equal(ticks, 4);
    next = 60_000; // the tree changed: now only minutes tick
    listeners.forEach((l) => l());
    assert.deepEqual(clock.pending, [60_000]);
    ticker.setActive(false);
    assert.deepEqual(clock.pending, []);
    clock.advanceTo(T0 + 10 * 60_000);
    assert.equal(ticks, 4);
    next = undefined;
    ticker.setActive(true);
    assert.deepEqual(clock.pending, [], 'nothing that ticks: no timer');
    ticker.dispose();
  });

  it('re-renders only the nodes whose status text changed, keeping their ids and objects', () => {
    const clock = new ManualClock();
    const store = new MemoryStore();
    const tree = new ContainersTree(store, 1, () => clock.now());
    tree.groupBy = 'none';
    const young = container({ name: 'young', status: 'Up Less than a second', statusAt: T0 });
    const old = container({ name: 'old', status: 'Up 2 hours', statusAt: T0 });
    store.put('containers', young);
    store.put('containers', old);
    const before = new Map(tree.roots().map((n) => [n.label, n] as const));
    assert.equal(before.get('young')!.description, 'busybox:local · Up Less than a second');
    const changes: TreeChange[] = [];
    tree.onDidChange((c) => changes.push(c));
    clock.advanceTo(T0 + 3000);
    tree.tick();
    tree.flush();
    const after = new Map(tree.roots().map((n) => [n.label, n] as const));
    assert.equal(after.get('young'), before.get('young'), 'the same node object');
    assert.equal(after.get('young')!.id, `container:${young.id}`);
    assert.equal(after.get('young')!.description, 'busybox:local · Up 3 seconds');
    assert.equal(after.get('old')!.description, 'busybox:local · Up 2 hours');
    assert.deepEqual(changes.map((c) => c?.map((n) => n.label)), [['young']]);
    assert.equal(tree.nextTick(clock.now()), 1005);
    tree.dispose();
  });

  it('ticks the status of the containers listed under a volume too', () => {
    const clock = new ManualClock();
    const store = new MemoryStore();
    const tree = new VolumesTree(store, 1, () => clock.now());
    store.put('volumes', volume({ name: 'data' }));
    store.put('containers', container({ name: 'db', status: 'Exited (1) 5 seconds ago', statusAt: T0, state: 'exited', mounts: [{ kind: 'named-volume', source: 'data', destination: '/d', readOnly: false }] }));
    const [data] = tree.roots();
    const [db] = tree.children(data!) as ViewNode[];
    assert.equal(db!.description, 'Exited (1) 5 seconds ago');
    clock.advanceTo(T0 + 61_000);
    tree.tick();
    tree.flush();
    const [same] = tree.children(tree.roots()[0]!) as ViewNode[];
    assert.equal(same, db);
    assert.equal(same!.description, 'Exited (1) About a minute ago');
    tree.dispose();
  });
});
