// Which objects each kind of engine event makes the store re-read or drop. The event shapes are
// those the engine (20.10, API 1.41) printed for `docker events --format '{{json .}}'`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineEvent, JsonLineSplitter, refreshesFor } from '../../../src/engine/events';

const C = 'a'.repeat(64);
const IMG = `sha256:${'b'.repeat(64)}`;
const NET = 'c'.repeat(64);
const ev = (Type: string, Action: string, ID: string, Attributes: Record<string, string> = {}): EngineEvent => ({ Type, Action, Actor: { ID, Attributes } });

test('container events: state changes are re-read, destroy drops without a request, noise is ignored', () => {
  for (const action of ['create', 'start', 'die', 'stop', 'kill', 'pause', 'unpause', 'restart', 'rename', 'update', 'oom']) {
    assert.deepEqual(refreshesFor(ev('container', action, C)), [{ kind: 'containers', op: 'read', key: C }], action);
  }
  assert.deepEqual(refreshesFor(ev('container', 'health_status: healthy', C)), [{ kind: 'containers', op: 'read', key: C }]);
  assert.deepEqual(refreshesFor(ev('container', 'destroy', C)), [{ kind: 'containers', op: 'remove', key: C }]);
  for (const action of ['attach', 'detach', 'exec_create: sh', 'exec_start: sh -c true', 'exec_die', 'resize', 'top', 'archive-path']) {
    assert.deepEqual(refreshesFor(ev('container', action, C)), [], action);
  }
  assert.deepEqual(refreshesFor(ev('container', 'commit', C)), [
    { kind: 'containers', op: 'read', key: C }, { kind: 'images', op: 'relist' },
  ]);
  assert.deepEqual(refreshesFor(ev('container', 'prune', '')), [{ kind: 'containers', op: 'relist' }]);
});

test('image events: tag/untag/pull re-read, delete drops, push and save change nothing', () => {
  assert.deepEqual(refreshesFor(ev('image', 'tag', IMG, { name: 'r:1' })), [{ kind: 'images', op: 'read', key: IMG }]);
  assert.deepEqual(refreshesFor(ev('image', 'untag', IMG, { name: IMG })), [{ kind: 'images', op: 'read', key: IMG }]);
  assert.deepEqual(refreshesFor(ev('image', 'pull', '127.0.0.1:5000/x:1', { name: '127.0.0.1:5000/x' })), [{ kind: 'images', op: 'read', key: '127.0.0.1:5000/x:1' }]);
  assert.deepEqual(refreshesFor(ev('image', 'delete', IMG)), [{ kind: 'images', op: 'remove', key: IMG }]);
  assert.deepEqual(refreshesFor(ev('image', 'push', 'r:1')), []);
  assert.deepEqual(refreshesFor(ev('image', 'save', IMG)), []);
  assert.deepEqual(refreshesFor(ev('image', 'prune', '')), [{ kind: 'images', op: 'relist' }]);
});

test('volume and network events', () => {
  assert.deepEqual(refreshesFor(ev('volume', 'create', 'v1')), [{ kind: 'volumes', op: 'read', key: 'v1' }]);
  assert.deepEqual(refreshesFor(ev('volume', 'destroy', 'v1')), [{ kind: 'volumes', op: 'remove', key: 'v1' }]);
  assert.deepEqual(refreshesFor(ev('volume', 'mount', 'v1', { container: C })), []);
  assert.deepEqual(refreshesFor(ev('network', 'create', NET)), [{ kind: 'networks', op: 'read', key: NET }]);
  assert.deepEqual(refreshesFor(ev('network', 'destroy', NET)), [{ kind: 'networks', op: 'remove', key: NET }]);
  // Connecting changes the container's networks, not the network's own fields.
  assert.deepEqual(refreshesFor(ev('network', 'connect', NET, { container: C })), [{ kind: 'containers', op: 'read', key: C }]);
  assert.deepEqual(refreshesFor(ev('network', 'disconnect', NET, { container: C })), [{ kind: 'containers', op: 'read', key: C }]);
});

test('unknown types and malformed events change nothing', () => {
  assert.deepEqual(refreshesFor(ev('daemon', 'reload', 'x')), []);
  assert.deepEqual(refreshesFor(ev('plugin', 'enable', 'x')), []);
  assert.deepEqual(refreshesFor({}), []);
  assert.deepEqual(refreshesFor(ev('container', 'start', '')), []);
});

test('the line splitter joins events split across chunks and skips noise', () => {
  const s = new JsonLineSplitter();
  const line = JSON.stringify(ev('volume', 'create', 'v1'));
  assert.deepEqual(s.push(line.slice(0, 10)), []);
  assert.deepEqual(s.push(`${line.slice(10)}\n{"Type":"volume","Act`), [ev('volume', 'create', 'v1')]);
  assert.deepEqual(s.push('ion":"destroy","Actor":{"ID":"v1"}}\nnot json\n\n'), [{ Type: 'volume', Action: 'destroy', Actor: { ID: 'v1' } }]);
});
