// Who uses what, as the engine counts it: a network lists only the containers attached to it
// (an endpoint, as `docker network inspect` shows), and the temporary containers of a classic
// build are nobody's (the engine tier proves both against real containers and a real build).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isBuildStep, toContainerInfo } from '../../../src/engine/mapping';
import { ContainersTree } from '../../../src/explorer/tree/containersTree';
import { NetworksTree } from '../../../src/explorer/tree/networksTree';
import { container, MemoryStore, network } from './memoryStore';

describe('network attachment and build-step containers', () => {
  it('maps an endpoint id to an attached network, an empty one to a configured-only network', () => {
    const info = toContainerInfo({
      Id: 'c1',
      Names: ['/c1'],
      NetworkSettings: { Networks: { bridge: { EndpointID: '' }, backend: { EndpointID: 'abc' } } },
    });
    assert.deepEqual(info.networks, ['backend', 'bridge']);
    assert.deepEqual(info.attachedNetworks, ['backend']);
  });

  it('counts only attached containers on a network', () => {
    const store = new MemoryStore();
    const tree = new NetworksTree(store, 1);
    store.put('networks', network({ name: 'bridge' }));
    store.put('containers', container({ name: 'up', networks: ['bridge'], attachedNetworks: ['bridge'] }));
    store.put('containers', container({ name: 'created', state: 'created', status: 'Created', networks: ['bridge'], attachedNetworks: [] }));
    const [bridge] = tree.roots();
    assert.equal(bridge!.description, 'bridge · local · 1 container');
    tree.dispose();
  });

  it('tells a classic build step container by its image id and its log driver none', () => {
    const id = `sha256:${'a'.repeat(64)}`;
    assert.equal(isBuildStep(id, 'none'), true);
    assert.equal(isBuildStep(id, 'json-file'), false, 'a container someone ran from an image id');
    assert.equal(isBuildStep('busybox:local', 'none'), false, 'a container someone ran with --log-driver none');
    const store = new MemoryStore();
    const tree = new ContainersTree(store, 1);
    tree.groupBy = 'none';
    store.put('containers', container({ name: 'mine' }));
    store.put('containers', container({ name: 'step', image: id, buildStep: true }));
    assert.deepEqual(tree.roots().map((n) => n.label), ['mine']);
    tree.dispose();
  });
});
