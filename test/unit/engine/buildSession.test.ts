// Which login the build session gives BuildKit for a registry host: the CLI config's entry for that
// host, Docker Hub's under any of its names, none for a registry without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentialsFor } from '../../../src/engine/operations/buildSession';

test('the login for the host BuildKit asks about, as the CLI config keys it', () => {
  const hub = { username: 'u', password: 'p', serveraddress: 'https://index.docker.io/v1/' };
  const local = { username: 'l', password: 'q', serveraddress: '127.0.0.1:5001' };
  const auths = { 'https://index.docker.io/v1/': hub, '127.0.0.1:5001': local };
  assert.equal(credentialsFor('registry-1.docker.io', auths), hub);
  assert.equal(credentialsFor('docker.io', auths), hub);
  assert.equal(credentialsFor('127.0.0.1:5001', auths), local);
  assert.equal(credentialsFor('127.0.0.1:5000', auths), undefined);
  assert.equal(credentialsFor('ghcr.io', { 'https://ghcr.io': { ...local, serveraddress: 'https://ghcr.io' } })?.username, 'l');
});
