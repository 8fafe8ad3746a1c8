// Pushed tags are the tests' too: delete them from the loopback registry through its
// Distribution v2 API (HEAD the manifest for its digest, DELETE by digest), so no run leaves a
// repository behind. The registries here have deletes enabled (scripts/ensure-engine.sh).

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** Deletes `repository:tag` from `registry` (host:port); resolves whether a manifest was deleted. */
export async function deletePushedTag(registry: string, repository: string, tag: string, credentials?: { user: string; password: string }): Promise<boolean> {
  const headers: Record<string, string> = { Accept: MANIFEST_TYPES };
  if (credentials) headers.Authorization = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  try {
    const head = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, { method: 'HEAD', headers });
    const digest = head.headers.get('docker-content-digest');
    if (!head.ok || !digest) return false;
    const deleted = await fetch(`http://${registry}/v2/${repository}/manifests/${digest}`, { method: 'DELETE', headers });
    return deleted.ok;
  } catch {
    return false; // no registry answers: nothing was pushed there
  }
}

/** The tags the registry still lists for `repository` (empty once every manifest is deleted). */
export async function registryTags(registry: string, repository: string, credentials?: { user: string; password: string }): Promise<string[]> {
  const headers: Record<string, string> = {};
  if (credentials) headers.Authorization = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  const answer = await fetch(`http://${registry}/v2/${repository}/tags/list`, { headers });
  if (!answer.ok) return [];
  return ((await answer.json()) as { tags?: string[] | null }).tags ?? [];
}
