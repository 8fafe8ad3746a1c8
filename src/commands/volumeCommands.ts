// Volume commands: create (named, or with an engine-made name like an anonymous volume), remove
// (multi-select; says which container holds one that is in use), prune (anonymous or all unused),
// inspect.
import * as vscode from 'vscode';
import { formatBytes } from '../explorer/format';
import { createVolume, estimateVolumePrune, removeVolumes, VolumePruneMode } from '../engine/operations/volumes';
import type { LiveEngineStore } from '../engine/store';
import { connectedClient, labelScope, registerSafe } from './engineAccess';
import { showInspect } from './inspectDocuments';
import { selectedTargets } from './targets';
import { CommandUi, listNames, plural } from './ui';

/** Anonymous volumes by their first 12 characters, as the explorer shows them. */
const shortVolume = (name: string): string => (/^[0-9a-f]{64}$/.test(name) ? name.slice(0, 12) : name);

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

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
      void vscode.window.showInformationMessage(`Layerwise: created volume ${created}.`);
      return created;
    }),
    registerSafe('layerwise.volumes.remove', 'remove the volume', store, async (clicked, selected) => {
      let targets: Array<{ id: string; name: string }> = selectedTargets('volume', clicked, selected);
      if (targets.length === 0) targets = await pickVolumes('Volumes to remove');
      if (targets.length === 0) return;
      const ok = await ui.confirm(
        `Remove ${targets.length === 1 ? 'volume' : plural(targets.length, 'volume')} ${listNames(targets.map((t) => shortVolume(t.name)))}?`,
        'The data in it is deleted for good. A volume a container still uses (even a stopped one) is not removed.',
        'Remove',
      );
      if (!ok) return;
      const docker = connectedClient(store);
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Removing ${plural(targets.length, 'volume')}` }, () => removeVolumes(docker, targets.map((t) => t.id)));
      if (result.failures.length) void vscode.window.showErrorMessage(`Layerwise: ${result.failures.join('; ')}`);
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
      if (estimate.names.length === 0) {
        void vscode.window.showInformationMessage('Layerwise: there are no unused volumes to remove.');
        return undefined;
      }
      const shown = estimate.names.map(shortVolume);
      const ok = await ui.confirm(`Remove ${plural(estimate.names.length, 'unused volume')}?`, `${listNames(shown)}.\nTheir data is deleted for good; this reclaims ${formatBytes(estimate.bytes)}.`, 'Remove');
      if (!ok) return undefined;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Removing unused volumes' }, () => removeVolumes(docker, estimate.names));
      if (result.failures.length) void vscode.window.showErrorMessage(`Layerwise: ${result.failures.join('; ')}`);
      void vscode.window.showInformationMessage(`Layerwise: removed ${plural(result.removed.length, 'volume')}, reclaimed about ${formatBytes(estimate.bytes)}.`);
      return result;
    }),
    registerSafe('layerwise.volumes.inspect', 'inspect', store, async (clicked, selected) => {
      const [target] = selectedTargets('volume', clicked, selected);
      const chosen = target ?? (await pickVolumes('Volume to inspect'))[0];
      if (chosen) await showInspect('volume', chosen.id, chosen.name);
    }),
  ];
}
