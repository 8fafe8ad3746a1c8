// Image commands: pull, tag, push, remove (rmi, multi-select; when a container uses an image, a
// second question that says what forcing will really do), prune (dangling or every unused
// image), inspect. Pull and push show per-layer progress and can be cancelled; credentials come
// from the Docker CLI's config (`docker login`). Every change says how it went.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { formatBytes } from '../explorer/format';
import type { ImageInfo } from '../engine/model';
import { estimateImagePrune, ImagePruneMode, isAuthFailure, isInUse, pruneImages, pullImage, pushImage, removeImage, tagImage } from '../engine/operations/images';
import type { LayerProgress } from '../engine/operations/jsonStream';
import { referenceProblem, withDefaultTag } from '../engine/operations/reference';
import { findRegistryAuth, loginAdvice } from '../engine/operations/registryAuth';
import type { LiveEngineStore } from '../engine/store';
import { connectedClient, engineErrorText, labelScope, registerSafe } from './engineAccess';
import { showInspect } from './inspectDocuments';
import { selectedTargets } from './targets';
import { CommandUi, listNames, plural } from './ui';

type Target = { id: string; name: string };

/** Tagged images as `reference` targets, dangling ones by id. */
function imageTargets(store: LiveEngineStore): Array<{ label: string; description: string; value: Target }> {
  const items: Array<{ label: string; description: string; value: Target }> = [];
  for (const image of store.images().values()) {
    const size = formatBytes(image.size);
    if (image.repoTags.length === 0) items.push({ label: `<none> ${image.id.replace(/^sha256:/, '').slice(0, 12)}`, description: size, value: { id: image.id, name: image.id } });
    for (const tag of image.repoTags) items.push({ label: tag, description: size, value: { id: image.id, name: tag } });
  }
  return items.sort((a, b) => a.label.localeCompare(b.label));
}

async function oneImage(store: LiveEngineStore, ui: CommandUi, clicked: unknown, selected: unknown, title: string, taggedOnly = false): Promise<Target | undefined> {
  const [target] = selectedTargets('image', clicked, selected);
  if (target) return target;
  return ui.pick(imageTargets(store).filter((i) => !taggedOnly || !i.label.startsWith('<none>')), { title });
}

/** Whether the target names one of its image's tags (not an id, as dangling nodes do). */
export function isTag(store: LiveEngineStore, target: Target): boolean {
  if (store.images().get(target.id)?.repoTags.includes(target.name)) return true;
  // A tag made a moment ago may not be in the store yet; an id (or its short form) is never a tag here.
  const bare = (s: string): string => s.replace(/^sha256:/, '');
  return !bare(target.id).startsWith(bare(target.name));
}

function progressText(p: LayerProgress): string {
  const { current, total } = p.bytes;
  return `${p.doneCount}/${p.layerCount} layers${total ? ` · ${formatBytes(current)} of ${formatBytes(total)}` : ''}`;
}

async function transfer(store: LiveEngineStore, verb: 'pull' | 'push', reference: string, run: typeof pullImage): Promise<void> {
  const docker = connectedClient(store);
  const found = findRegistryAuth(reference);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${verb === 'pull' ? 'Pulling' : 'Pushing'} ${reference}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancelled = token.onCancellationRequested(() => abort.abort());
      let last = 0;
      try {
        await run(docker, reference, {
          ...(found.auth ? { auth: found.auth } : {}),
          signal: abort.signal,
          onProgress: (p) => {
            // Many messages a second: report at most every 200 ms.
            if (Date.now() - last < 200) return;
            last = Date.now();
            progress.report({ message: progressText(p) });
          },
        });
      } catch (error) {
        if (abort.signal.aborted) return;
        if (isAuthFailure(error)) throw new Error(loginAdvice(reference, found));
        throw error;
      } finally {
        cancelled.dispose();
      }
    },
  );
}

export function registerImageCommands(store: LiveEngineStore, ui: CommandUi): vscode.Disposable[] {
  return [
    registerSafe('layerwise.images.pull', 'pull', store, async (arg) => {
      const given = typeof arg === 'string' ? arg : await ui.input({
        title: 'Pull Image',
        prompt: 'Image to pull, as for `docker pull` (the tag defaults to latest)',
        placeHolder: 'e.g. alpine:3.20 or registry.example.com:5000/team/app:1.0',
        validateInput: (v) => referenceProblem(v, { allowDigest: true }),
      });
      if (!given) return;
      const problem = referenceProblem(given, { allowDigest: true });
      if (problem) throw new Error(problem);
      const reference = withDefaultTag(given.trim());
      await transfer(store, 'pull', reference, pullImage);
      void ui.notify('info', `Layerwise: pulled ${reference}.`);
    }),
    registerSafe('layerwise.images.tag', 'tag', store, async (clicked, selected, newName) => {
      const target = await oneImage(store, ui, clicked, selected, 'Image to tag');
      if (!target) return;
      const tagged = isTag(store, target);
      const value = typeof newName === 'string' ? newName : await ui.input({
        title: `Tag ${tagged ? target.name : target.id.replace(/^sha256:/, '').slice(0, 12)}`,
        prompt: 'New reference for this image: [registry[:port]/]name[:tag]',
        value: tagged ? target.name : '',
        validateInput: (v) => referenceProblem(v),
      });
      if (!value) return;
      const problem = referenceProblem(value);
      if (problem) throw new Error(problem);
      await tagImage(connectedClient(store), target.id, withDefaultTag(value.trim()));
      ui.report(`Tagged ${tagged ? target.name : target.id.replace(/^sha256:/, '').slice(0, 12)} as ${withDefaultTag(value.trim())}`);
    }),
    registerSafe('layerwise.images.push', 'push', store, async (clicked, selected) => {
      const target = await oneImage(store, ui, clicked, selected, 'Image to push', true);
      if (!target) return;
      if (!isTag(store, target)) throw new Error('an image without a tag cannot be pushed: tag it first');
      await transfer(store, 'push', target.name, pushImage);
      void ui.notify('info', `Layerwise: pushed ${target.name}.`);
    }),
    registerSafe('layerwise.images.remove', 'remove the image', store, async (clicked, selected) => {
      let targets: Target[] = selectedTargets('image', clicked, selected);
      if (targets.length === 0) targets = await ui.pickMany(imageTargets(store), { title: 'Images to remove' });
      if (targets.length === 0) return;
      const images = store.images();
      const detail = removalDetail(targets, images);
      const names = targets.map((t) => t.name);
      const action = targets.length === 1 ? 'Remove' : `Remove ${plural(targets.length, 'Image')}`;
      if (!(await ui.confirm(`Remove ${targets.length === 1 ? 'image' : plural(targets.length, 'image')} ${listNames(names)}?`, detail, action, { objects: names }))) return;
      const docker = connectedClient(store);
      const inUse: Array<{ target: Target; error: unknown }> = [];
      const failures: string[] = [];
      const removed: string[] = [];
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing ${plural(targets.length, 'image')}` }, async () => {
        for (const t of targets) {
          await removeImage(docker, t.name).then(
            () => void removed.push(t.name),
            (error: unknown) => void (isInUse(error) ? inUse.push({ target: t, error }) : failures.push(`${t.name}: ${engineErrorText(error, store)}`)),
          );
        }
      });
      if (removed.length) ui.report(`Removed ${listNames(removed)}`);
      if (inUse.length) await removeInUse(docker, store, ui, inUse, failures);
      if (failures.length) void ui.notify('error', `Layerwise: could not remove ${failures.join('; ')}`);
    }),
    registerSafe('layerwise.images.prune', 'prune images', store, async (arg) => {
      const scope = labelScope(arg);
      const given = (arg as { mode?: unknown } | undefined)?.mode;
      const mode = given === 'dangling' || given === 'unused' ? given : await ui.pick<ImagePruneMode>(
        [
          { label: 'Dangling images', detail: 'Untagged images no container uses (like `docker image prune`)', value: 'dangling' },
          { label: 'All unused images', detail: 'Every image no container uses, tagged or not (like `docker image prune -a`)', value: 'unused' },
        ],
        { title: 'Prune Images' },
      );
      if (!mode) return undefined;
      const docker = connectedClient(store);
      const estimate = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Measuring unused images' }, () => estimateImagePrune(docker, mode, scope));
      const what = mode === 'dangling' ? 'dangling image' : 'unused image';
      if (estimate.names.length === 0) {
        void ui.notify('info', mode === 'dangling'
          ? 'Layerwise: there are no dangling images to remove (untagged ones no container uses). Tagged images were not looked at: choose "All unused images" to include them.'
          : 'Layerwise: there are no unused images to remove: every image is used by a container.');
        return undefined;
      }
      const ok = await ui.confirm(
        `Remove ${plural(estimate.names.length, what)}?`,
        `${listNames(estimate.names)}.\nThis reclaims about ${formatBytes(estimate.bytes)} (layers other images share stay).`,
        estimate.names.length === 1 ? 'Remove' : `Remove ${plural(estimate.names.length, 'Image')}`,
        { objects: estimate.names },
      );
      if (!ok) return undefined;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing ${what}s` }, () => pruneImages(docker, mode, scope));
      void ui.notify('info', `Layerwise: removed ${plural(result.removed.length, 'image')}, reclaimed ${formatBytes(result.bytes)}.`);
      return result;
    }),
    registerSafe('layerwise.images.inspect', 'inspect', store, async (clicked, selected) => {
      const target = await oneImage(store, ui, clicked, selected, 'Image to inspect');
      if (target) await showInspect('image', target.id, target.name);
    }),
  ];
}

function removalDetail(targets: readonly Target[], images: ReadonlyMap<string, ImageInfo>): string {
  // A tag that is its image's last one takes the image (and the layers only it uses) with it.
  const freed = new Map<string, number>();
  const untagOnly: string[] = [];
  for (const t of targets) {
    const image = images.get(t.id);
    if (!image) continue;
    const remaining = image.repoTags.filter((tag) => tag !== t.name && !targets.some((o) => o.name === tag));
    if (remaining.length === 0 || t.name === t.id) freed.set(image.id, image.size);
    else untagOnly.push(t.name);
  }
  const bytes = [...freed.values()].reduce((a, b) => a + b, 0);
  return [
    freed.size ? `${plural(freed.size, 'image')} will be deleted, freeing up to ${formatBytes(bytes)} (layers other images share stay).` : '',
    untagOnly.length ? `${listNames(untagOnly)}: only the tag goes; the image keeps its other tags.` : '',
  ].filter(Boolean).join('\n');
}

/**
 * Images the engine would not remove because containers use them. What forcing does depends on
 * those containers (seen here on the engine): a running one keeps the image whatever happens, so
 * forcing a tag only takes the tag away (the image stays, untagged); with only stopped ones,
 * forcing deletes the image and leaves those containers without it. So the question names the
 * containers and offers what will really happen: with a running user, "Remove Tag Only"; else
 * "Remove Containers and Image" (the stopped containers first, then the image, which removes it
 * cleanly). Afterwards the outcome says what the engine did.
 */
async function removeInUse(docker: Docker, store: LiveEngineStore, ui: CommandUi, inUse: ReadonlyArray<{ target: Target; error: unknown }>, failures: string[]): Promise<void> {
  for (const { target: t, error: refusal } of inUse) {
    // Asked of the engine, not the store: the container may be seconds old.
    const listed = await docker.listContainers({ all: true, filters: JSON.stringify({ ancestor: [t.id] }) }).catch(() => []);
    const users = listed.filter((c) => c.ImageID === t.id).map((c) => ({ id: c.Id, name: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), running: c.State === 'running' || c.State === 'paused' || c.State === 'restarting', state: c.State }));
    if (users.length === 0) {
      // Not a container: child images, say (the engine's own words tell which).
      failures.push(`${t.name}: ${engineErrorText(refusal, store)}`);
      continue;
    }
    const running = users.filter((u) => u.running);
    const usedBy = listNames(users.map((c) => `${c.name} (${c.state})`));
    const tagged = isTag(store, t);
    if (running.length) {
      if (!tagged) {
        failures.push(`${t.name}: it is used by ${running.length === 1 ? 'running container' : `${running.length} running containers`} ${listNames(running.map((c) => c.name))}; stop and remove ${running.length === 1 ? 'it' : 'them'} first`);
        continue;
      }
      const ok = await ui.confirm(
        `${t.name} is used by ${running.length === 1 ? 'running container' : `${running.length} running containers`} ${listNames(running.map((c) => c.name))}. Remove only the tag?`,
        `Used by ${usedBy}. The engine does not delete an image a running container uses: forcing removes only the tag ${t.name}, and the image stays (untagged) until those containers are removed. Stop and remove them first to delete the image.`,
        'Remove Tag Only',
      );
      if (!ok) continue;
      await removeImage(docker, t.name, true).then(
        () => ui.report(`Removed the tag ${t.name}; the image stays while ${listNames(running.map((c) => c.name))} ${running.length === 1 ? 'uses' : 'use'} it`),
        (error: unknown) => void failures.push(`${t.name}: ${engineErrorText(error, store)}`),
      );
      continue;
    }
    const ok = await ui.confirm(
      `${t.name} is used by ${plural(users.length, 'stopped container')}. Remove ${users.length === 1 ? 'it' : 'them'} and the image?`,
      `Used by ${usedBy}. ${users.length === 1 ? 'That container is' : 'Those containers are'} removed first (with ${users.length === 1 ? 'its' : 'their'} anonymous volumes), then the image.`,
      'Remove Containers and Image',
      { objects: [...users.map((c) => `container ${c.name}`), `image ${t.name}`] },
    );
    if (!ok) continue;
    try {
      for (const c of users) await docker.getContainer(c.id).remove({ v: true });
      await removeImage(docker, t.name);
      ui.report(`Removed ${plural(users.length, 'container')} and ${t.name}`);
    } catch (error) {
      failures.push(`${t.name}: ${engineErrorText(error, store)}`);
    }
  }
}
