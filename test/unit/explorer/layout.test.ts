import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutContainers } from '../../../src/explorer/containerLayout';
import { layoutImages, parseReference } from '../../../src/explorer/imageLayout';
import { settingValue } from '../../../src/explorer/settings';
import { containersByNetwork, containersByVolume } from '../../../src/explorer/usage';
import { container, image, network } from './memoryStore';

describe('container layout', () => {
  const web = container({ name: 'web', composeProject: 'shop', state: 'running', image: 'nginx', created: 30 });
  const db = container({ name: 'db', composeProject: 'shop', state: 'exited', status: 'Exited (0) 1 hour ago', image: 'postgres', created: 20 });
  const loose = container({ name: 'alpha', state: 'paused', image: 'nginx', created: 10 });

  it('groups by Compose project and leaves containers outside a project at the top level', () => {
    const layout = layoutContainers([loose, db, web], 'composeProject', 'name');
    assert.deepEqual(layout.groups.map((g) => [g.key, g.containers.map((c) => c.name)]), [['shop', ['db', 'web']]]);
    assert.deepEqual(layout.ungrouped.map((c) => c.name), ['alpha']);
  });

  it('groups by image and by state (states in the order that needs attention first)', () => {
    assert.deepEqual(layoutContainers([loose, db, web], 'image', 'name').groups.map((g) => [g.key, g.containers.length]), [['nginx', 2], ['postgres', 1]]);
    assert.deepEqual(layoutContainers([loose, db, web], 'state', 'name').groups.map((g) => g.key), ['running', 'paused', 'exited']);
  });

  it('sorts newest first, by name, by state or by image', () => {
    const names = (sortBy: Parameters<typeof layoutContainers>[2]) => layoutContainers([loose, db, web], 'none', sortBy).ungrouped.map((c) => c.name);
    assert.deepEqual(names('createdTime'), ['web', 'db', 'alpha']);
    assert.deepEqual(names('name'), ['alpha', 'db', 'web']);
    assert.deepEqual(names('state'), ['web', 'alpha', 'db']);
    assert.deepEqual(names('image'), ['alpha', 'web', 'db']);
  });

  it('falls back to the default for a setting value it does not know', () => {
    assert.equal(settingValue('layerwise.containers.groupBy', 'image'), 'image');
    assert.equal(settingValue('layerwise.containers.groupBy', 'colour'), 'composeProject');
    assert.equal(settingValue('layerwise.containers.sortBy', undefined), 'createdTime');
  });
});

describe('image layout', () => {
  it('splits references at the tag colon, not at a registry port', () => {
    assert.deepEqual(parseReference('busybox:local'), { repository: 'busybox', tag: 'local' });
    assert.deepEqual(parseReference('localhost:5000/team/app:1.2'), { repository: 'localhost:5000/team/app', tag: '1.2' });
    assert.deepEqual(parseReference('localhost:5000/team/app'), { repository: 'localhost:5000/team/app', tag: 'latest' });
  });

  it('makes one node per tag under its repository, and keeps untagged images apart', () => {
    const shared = image({ repoTags: ['app:1', 'app:latest', 'mirror/app:1'], created: 5, size: 10 });
    const old = image({ repoTags: ['app:0'], created: 1, size: 99 });
    const dangling = image({ dangling: true });
    const digestOnly = image({ repoDigests: ['app@sha256:abc'] });
    const layout = layoutImages([shared, old, dangling, digestOnly], 'name');
    assert.deepEqual(layout.repositories.map((r) => [r.name, r.tags.map((t) => t.tag)]), [['app', ['0', '1', 'latest']], ['mirror/app', ['1']]]);
    assert.equal(layout.repositories[0]!.tags[1]!.image, shared);
    assert.deepEqual(new Set(layout.untagged), new Set([dangling, digestOnly]));
    assert.deepEqual(layoutImages([shared, old], 'size').repositories[0]!.tags.map((t) => t.tag), ['0', '1', 'latest']);
    assert.deepEqual(layoutImages([shared, old], 'createdTime').repositories[0]!.tags.map((t) => t.tag), ['1', 'latest', '0']);
  });
});

describe('usage links', () => {
  it('finds the containers that mount a volume (not bind mounts) and the ones on a network', () => {
    const a = container({ name: 'a', mounts: [{ kind: 'named-volume', source: 'data', destination: '/d', readOnly: false }, { kind: 'bind', source: '/data', destination: '/b', readOnly: true }], networks: ['front'] });
    const b = container({ name: 'b', mounts: [{ kind: 'anonymous-volume', source: 'f'.repeat(64), destination: '/x', readOnly: false }], networks: ['front', 'bridge'] });
    const byVolume = containersByVolume([a, b]);
    assert.deepEqual(byVolume.get('data')?.map((c) => c.name), ['a']);
    assert.deepEqual(byVolume.get('f'.repeat(64))?.map((c) => c.name), ['b']);
    assert.equal(byVolume.has('/data'), false);
    const front = network({ name: 'front' });
    const bridge = network({ name: 'bridge' });
    const byNetwork = containersByNetwork([a, b], [front, bridge]);
    assert.deepEqual(byNetwork.get(front.id)?.map((c) => c.name), ['a', 'b']);
    assert.deepEqual(byNetwork.get(bridge.id)?.map((c) => c.name), ['b']);
  });
});
