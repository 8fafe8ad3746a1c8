// Volume commands: create (named, or with an engine-made name like an anonymous volume), remove
// (multi-select; a volume the explorer knows to be in use is refused before asking, naming the
// containers), prune (anonymous or all unused, saying which kinds it looked at), inspect. Every
// change says how it went.
import * as vscode from 'vscode';
import { formatBytes } from '../explorer/format';
import { createVolume, estimateVolumePrune, removeVolumes, VolumePruneMode } from '../engine/operations/volumes';
import { VOLUME_NAME } from '../engine/operations/volumeSpec';
import { containersByVolume } from '../explorer/usage';
import type { LiveEngineStore } from '../engine/store';
import { connectedClient, labelScope, registerSafe } from './engineAccess';
import { showInspect } from './inspectDocuments';
import { selectedTargets } from './targets';
import { CommandUi, listNames, plural } from './ui';

/** Anonymous volumes by their first 12 characters, as the explorer shows them. */
const shortVolume = (name: string): string => (/^[0-9a-f]{64}$/.test(name) ? name.slice(0, 12) : name);

export function registerVolumeCommands(store: LiveEngineStore, ui: CommandUi): vscode.Disposable[] {
  const pickVolumes = (title: string) =>
    ui.pickMany(
      [...store.volumes().values()].map((v) => ({ label: v.anonymous ? v.name.slice(0, 12) : v.name, description: v.anonymous ? 'anonymous' : v.driver, value: { id: v.name, name: v.name } })),
      { title },
    );
  return [
    registerSafe('layerwise.volumes.create', 'create the volume', store, async () => {
      const name = await ui.input({
        title: 'Create Volume',
        prompt: 'Volume name (driver local). Leave empty to let the engine make up a name, as for an anonymous volume.',
        validateInput: (v) => (v === '' || VOLUME_NAME.test(v) ? undefined : 'Use letters, digits, _ . - (at least two characters, starting with a letter or digit).'),
      });
      if (name === undefined) return undefined;
      if (name !== '' && !VOLUME_NAME.test(name)) throw new Error(`"${name}" is not a valid volume name`);
      const created = await createVolume(connectedClient(store), name ? { name } : {});
      ui.report(`Created volume ${shortVolume(created)}`);
      return created;
    }),
    registerSafe('layerwise.volumes.remove', 'remove the volume', store, async (clicked, selected) => {
      let targets: Array<{ id: string; name: string }> = selectedTargets('volume', clicked, selected);
      if (targets.length === 0) targets = await pickVolumes('Volumes to remove');
      if (targets.length === 0) return;
      // What the explorer shows as in use is refused before asking: the engine would refuse it too.
      const users = containersByVolume(store.containers().values());
      const inUse = targets.filter((t) => (users.get(t.id) ?? []).length > 0);
      const refusals = inUse.map((t) => `${shortVolume(t.name)} is in use by ${listNames((users.get(t.id) ?? []).map((c) => `${c.name} (${c.state})`))}`);
      targets = targets.filter((t) => !inUse.includes(t));
      if (targets.length === 0) {
        void ui.notify('error', `Layerwise: cannot remove ${refusals.join('; ')}. Remove ${inUse.length === 1 && (users.get(inUse[0]!.id) ?? []).length === 1 ? 'that container' : 'those containers'} first (a stopped container still holds its volumes).`);
        return;
      }
      const names = targets.map((t) => shortVolume(t.name));
      const ok = await ui.confirm(
        `Remove ${targets.length === 1 ? 'volume' : plural(targets.length, 'volume')} ${listNames(names)}?`,
        ['The data in it is deleted for good.', refusals.length ? `Not removed, in use: ${refusals.join('; ')}.` : ''].filter(Boolean).join('\n'),
        targets.length === 1 ? 'Remove' : `Remove ${plural(targets.length, 'Volume')}`,
        { objects: names },
      );
      if (!ok) return;
      const docker = connectedClient(store);
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing ${plural(targets.length, 'volume')}` }, () => removeVolumes(docker, targets.map((t) => t.id)));
      if (result.removed.length) ui.report(`Removed ${plural(result.removed.length, 'volume')}: ${listNames(result.removed.map(shortVolume))}`);
      if (result.failures.length || refusals.length) void ui.notify('error', `Layerwise: ${[...refusals.map((r) => `cannot remove ${r}`), ...result.failures].join('; ')}`);
    }),
    registerSafe('layerwise.volumes.prune', 'prune volumes', store, async (arg) => {
      const scope = labelScope(arg);
      const given = (arg as { mode?: unknown } | undefined)?.mode;
      const mode = given === 'anonymous' || given === 'all' ? given : await ui.pick<VolumePruneMode>(
        [
          { label: 'Unused anonymous volumes', detail: 'Volumes with engine-made names that no container uses (like `docker volume prune`)', value: 'anonymous' },
          { label: 'All unused volumes', detail: 'Named ones too (like `docker volume prune -a`)', value: 'all' },
        ],
        { title: 'Prune Volumes' },
      );
      if (!mode) return undefined;
      const docker = connectedClient(store);
      const estimate = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Measuring unused volumes' }, () => estimateVolumePrune(docker, mode, scope));
      const kinds = mode === 'anonymous' ? 'unused anonymous volume' : 'unused volume';
      // Say which kinds were looked at: "none" must not read as "no unused volumes at all".
      const looked = mode === 'anonymous'
        ? `Only anonymous volumes (engine-made names) were looked at${estimate.otherUnused ? `; ${plural(estimate.otherUnused, 'unused named volume')} ${estimate.otherUnused === 1 ? 'was' : 'were'} left alone (choose "All unused volumes" to include ${estimate.otherUnused === 1 ? 'it' : 'them'})` : ''}.`
        : 'Named and anonymous volumes were looked at.';
      if (estimate.names.length === 0) {
        void ui.notify('info', `Layerwise: there are no ${kinds}s to remove. ${looked}`);
        return undefined;
      }
      const shown = estimate.names.map(shortVolume);
      const ok = await ui.confirm(
        `Remove ${plural(estimate.names.length, kinds)}?`,
        `${listNames(shown)}.\nTheir data is deleted for good; this reclaims ${formatBytes(estimate.bytes)}. ${looked}`,
        estimate.names.length === 1 ? 'Remove' : `Remove ${plural(estimate.names.length, 'Volume')}`,
        { objects: shown },
      );
      if (!ok) return undefined;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Removing unused volumes' }, () => removeVolumes(docker, estimate.names));
      if (result.failures.length) void ui.notify('error', `Layerwise: ${result.failures.join('; ')}`);
      void ui.notify('info', `Layerwise: removed ${plural(result.removed.length, kinds)}, reclaimed about ${formatBytes(estimate.bytes)}.`);
      return result;
    }),
    registerSafe('layerwise.volumes.inspect', 'inspect', store, async (clicked, selected) => {
      const [target] = selectedTargets('volume', clicked, selected);
      const chosen = target ?? (await pickVolumes('Volume to inspect'))[0];
      if (chosen) await showInspect('volume', chosen.id, chosen.name);
    }),
  ];
}
