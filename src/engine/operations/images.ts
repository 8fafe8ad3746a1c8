// Image operations: pull and push with per-layer progress and registry credentials, tag, remove
// and prune (with what a prune would remove). No `vscode` import.
import type Docker from 'dockerode';
import type { LabelScope, PruneEstimate, PruneResult } from './containers';
import { EngineStreamError, followMessages, LayerProgress } from './jsonStream';
import { parseReference, withDefaultTag } from './reference';
import type { AuthConfig } from './registryAuth';
import { matchesLabel } from './volumes';
import { retryWhileEngineBusy } from '../engineBusy';

export interface TransferOptions {
  readonly auth?: AuthConfig;
  /** Called after every progress message with the folded per-layer state. */
  readonly onProgress?: (progress: LayerProgress) => void;
  readonly signal?: AbortSignal;
}

/** `docker pull`: resolves when the image is there; rejects with the registry's own words. */
export async function pullImage(docker: Docker, reference: string, options: TransferOptions = {}): Promise<void> {
  const ref = withDefaultTag(reference);
  const stream = (await docker.pull(ref, { ...(options.auth ? { authconfig: options.auth } : {}), abortSignal: options.signal })) as NodeJS.ReadableStream;
  await follow(stream, options);
}

/** `docker push` of one `repository:tag` that exists locally. */
export async function pushImage(docker: Docker, reference: string, options: TransferOptions = {}): Promise<void> {
  const parsed = parseReference(reference);
  if (!parsed) throw new Error(`"${reference}" is not a valid image reference`);
  const image = docker.getImage(parsed.repository);
  // The engine pushes `name` with `?tag=`; an explicit tag keeps it from pushing every tag.
  const stream = (await image.push({ tag: parsed.tag ?? 'latest', ...(options.auth ? { authconfig: options.auth } : {}), abortSignal: options.signal } as Docker.ImagePushOptions)) as NodeJS.ReadableStream;
  await follow(stream, options);
}

async function follow(stream: NodeJS.ReadableStream, options: TransferOptions): Promise<void> {
  const progress = new LayerProgress();
  const onAbort = (): void => (stream as unknown as { destroy?: (e?: Error) => void }).destroy?.(new Error('cancelled'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await followMessages(stream, (message) => {
      progress.add(message);
      options.onProgress?.(progress);
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Whether a push/pull failed because the registry wants credentials. */
export function isAuthFailure(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return (error instanceof EngineStreamError || /HTTP code 40[13]/.test(text)) && /no basic auth credentials|unauthorized|authentication required|denied/i.test(text);
}

export async function tagImage(docker: Docker, source: string, target: string): Promise<void> {
  const parsed = parseReference(target);
  if (!parsed || parsed.digest) throw new Error(`"${target}" is not a valid name:tag`);
  await docker.getImage(source).tag({ repo: parsed.repository, tag: parsed.tag ?? 'latest' });
}

/**
 * `docker rmi`: a tag removes that tag (the image goes when it was the last one); an id removes
 * the image. `force` also untags an image other tags or stopped containers still use.
 */
export async function removeImage(docker: Docker, referenceOrId: string, force = false): Promise<void> {
  await docker.getImage(referenceOrId).remove({ force });
}

/** Whether a removal failed because a container uses the image (the engine says 409 Conflict). */
export function isInUse(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 409;
}

export type ImagePruneMode = 'dangling' | 'unused';

interface DfImage {
  Id: string;
  RepoTags: string[] | null;
  Size: number;
  SharedSize: number;
  Containers: number;
  Labels: Record<string, string> | null;
}

function isDangling(image: DfImage): boolean {
  return !image.RepoTags || image.RepoTags.length === 0 || image.RepoTags.every((t) => t === '<none>:<none>');
}

/** Images a prune would remove (no container uses them; dangling only, or every unused one) and their unshared size. */
export async function estimateImagePrune(docker: Docker, mode: ImagePruneMode, scope: LabelScope = {}): Promise<PruneEstimate> {
  const df = (await retryWhileEngineBusy(() => docker.df())) as { Images?: DfImage[] | null };
  const wanted = scope.labels ?? [];
  const images = (df.Images ?? []).filter(
    (i) => i.Containers === 0 && (mode === 'unused' || isDangling(i)) && wanted.every((l) => matchesLabel(i.Labels, l)),
  );
  return {
    names: images.map((i) => (isDangling(i) ? i.Id.replace(/^sha256:/, '').slice(0, 12) : i.RepoTags!.join(', '))),
    // Layers shared with images that stay are not freed (SharedSize is -1 when unknown).
    bytes: images.reduce((n, i) => n + i.Size - Math.max(0, i.SharedSize), 0),
  };
}

export async function pruneImages(docker: Docker, mode: ImagePruneMode, scope: LabelScope = {}): Promise<PruneResult> {
  const filters: Record<string, string[]> = { dangling: [mode === 'dangling' ? 'true' : 'false'] };
  if (scope.labels?.length) filters.label = [...scope.labels];
  const result = (await retryWhileEngineBusy(() => docker.pruneImages({ filters: JSON.stringify(filters) }))) as { ImagesDeleted?: Array<{ Deleted?: string; Untagged?: string }> | null; SpaceReclaimed?: number };
  return { removed: (result.ImagesDeleted ?? []).flatMap((d) => (d.Deleted ? [d.Deleted] : [])), bytes: result.SpaceReclaimed ?? 0 };
}

export const inspectImage = (docker: Docker, id: string): Promise<Docker.ImageInspectInfo> => docker.getImage(id).inspect();
