// Removing what a test pushed from the local registries (scripts/ensure-engine.sh starts them with
// deletes enabled): removing the local tag leaves the pushed copy in the registry, so every test
// that pushes deletes the manifest too, through the registry's v2 API (HEAD for the digest, then
// DELETE by digest), in its `finally`/`after`.

/** Every manifest kind a push can store; the HEAD must accept them all to get the right digest. */
const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

export interface RegistryLogin {
  readonly username: string;
  readonly password: string;
}

/** `host:port/name:tag` into its parts (the local registries' references always name the host). */
export function parseRegistryReference(reference: string): { registry: string; repository: string; tag: string } {
  const slash = reference.indexOf('/');
  const colon = reference.lastIndexOf(':');
  if (slash < 0 || colon < slash) throw new Error(`not a host/name:tag reference: ${reference}`);
  return { registry: reference.slice(0, slash), repository: reference.slice(slash + 1, colon), tag: reference.slice(colon + 1) };
}

/**
 * Deletes `reference` (host:port/name:tag) from its registry. Resolves to 'deleted', or 'absent'
 * when the registry has no such tag (the test stopped before its push); rejects on anything else,
 * so a leak fails the run instead of passing silently.
 */
export async function deleteFromRegistry(reference: string, login?: RegistryLogin): Promise<'deleted' | 'absent'> {
  const { registry, repository, tag } = parseRegistryReference(reference);
  const headers: Record<string, string> = { Accept: MANIFEST_TYPES };
  if (login) headers.Authorization = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`;
  const manifests = `http://${registry}/v2/${repository}/manifests`;
  const head = await fetch(`${manifests}/${tag}`, { method: 'HEAD', headers });
  if (head.status === 404) return 'absent';
  const digest = head.headers.get('docker-content-digest');
  if (!head.ok || !digest) throw new Error(`${reference}: the registry answered ${head.status} to HEAD (no digest to delete)`);
  const deleted = await fetch(`${manifests}/${digest}`, { method: 'DELETE', headers });
  if (deleted.status !== 202) throw new Error(`${reference}: the registry answered ${deleted.status} to DELETE ${digest}`);
  const after = await fetch(`${manifests}/${tag}`, { method: 'HEAD', headers });
  if (after.status !== 404) throw new Error(`${reference}: still in the registry after DELETE (HEAD ${after.status})`);
  return 'deleted';
}

/** The login of the local registry that needs one (scripts/ensure-engine.sh prints these). */
export function authRegistryLogin(): RegistryLogin {
  return {
    username: process.env.LAYERWISE_AUTH_REGISTRY_USER ?? 'layerwise',
    password: process.env.LAYERWISE_AUTH_REGISTRY_PASSWORD ?? 'layerwise-secret',
  };
}
