// Container commands beyond the lifecycle ones (containerCommands.ts): pause, unpause, kill,
// logs and shell in a terminal, inspect, prune. From the palette they ask which container.
//
// Logs open a terminal running `docker logs --follow --tail 500 <id>` rather than an output
// channel: it keeps the program's colours and line breaks, follows until the user closes it or
// presses Ctrl+C, searches with the terminal's find, and is what `docker logs -f` users expect.
import * as vscode from 'vscode';
import { formatBytes } from '../explorer/format';
import type { ContainerInfo, ContainerState } from '../engine/model';
import { availableShells, estimateContainerPrune, killContainer, pauseContainer, pruneContainers, unpauseContainer } from '../engine/operations/containers';
import { execArgs, logsArgs } from '../engine/operations/cliEnvironment';
import type { LiveEngineStore } from '../engine/store';
import { connectedClient, engineErrorText, labelScope, registerSafe } from './engineAccess';
import { showInspect } from './inspectDocuments';
import { selectedTargets } from './targets';
import { openDockerTerminal } from './terminals';
import { CommandUi, listNames, plural } from './ui';

type Target = { id: string; name: string };

const ALL_STATES: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

async function targetsOrPick(store: LiveEngineStore, ui: CommandUi, clicked: unknown, selected: unknown, states: readonly ContainerState[], verb: string, many: boolean): Promise<Target[]> {
  const targets = selectedTargets('container', clicked, selected);
  if (targets.length) return many ? targets : targets.slice(0, 1);
  const candidates = [...store.containers().values()].filter((c) => states.includes(c.state));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`Layerwise: no container to ${verb}.`);
    return [];
  }
  const items = candidates.map((c: ContainerInfo) => ({ label: c.name, description: `${c.image} · ${c.status}`, value: { id: c.id, name: c.name } }));
  if (many) return ui.pickMany(items, { title: `Containers to ${verb}` });
  const one = await ui.pick(items, { title: `Container to ${verb}` });
  return one ? [one] : [];
}

export function registerContainerOpsCommands(store: LiveEngineStore, ui: CommandUi): vscode.Disposable[] {
  const each = (id: string, verb: string, doing: string, states: readonly ContainerState[], run: (docker: ReturnType<typeof connectedClient>, id: string) => Promise<unknown>, confirm?: (targets: Target[]) => Promise<boolean>) =>
    registerSafe(id, verb, store, async (clicked, selected) => {
      const targets = await targetsOrPick(store, ui, clicked, selected, states, verb, true);
      if (targets.length === 0 || (confirm && !(await confirm(targets)))) return;
      const docker = connectedClient(store);
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${doing} ${targets.length === 1 ? targets[0]!.name : plural(targets.length, 'container')}` }, async () => {
        const failures: string[] = [];
        await Promise.all(targets.map((t) => run(docker, t.id).catch((error: unknown) => void failures.push(`${t.name}: ${engineErrorText(error, store)}`))));
        if (failures.length) void vscode.window.showErrorMessage(`Layerwise: could not ${verb} ${failures.join('; ')}`);
      });
    });

  return [
    each('layerwise.containers.pause', 'pause', 'Pausing', ['running'], pauseContainer),
    each('layerwise.containers.unpause', 'unpause', 'Unpausing', ['paused'], unpauseContainer),
    each('layerwise.containers.kill', 'kill', 'Killing', ['running', 'paused', 'restarting'], (d, id) => killContainer(d, id), (targets) =>
      ui.confirm(
        `Kill ${targets.length === 1 ? 'container' : plural(targets.length, 'container')} ${listNames(targets.map((t) => t.name))}?`,
        'SIGKILL stops the processes at once, without letting them shut down cleanly. The container is kept (stopped).',
        'Kill',
      ),
    ),
    registerSafe('layerwise.containers.logs', 'show the logs', store, async (clicked, selected) => {
      // Every selected container gets its own terminal; the palette asks for one.
      const selectedOnes = selectedTargets('container', clicked, selected);
      const targets = selectedOnes.length ? selectedOnes : await targetsOrPick(store, ui, undefined, undefined, ALL_STATES, 'show the logs of', false);
      const terminals = targets.map((t) => openDockerTerminal(`logs: ${t.name}`, logsArgs(t.id), store.endpoint));
      return terminals.length === 1 ? terminals[0] : terminals;
    }),
    registerSafe('layerwise.containers.shell', 'open a shell', store, async (clicked, selected) => {
      const [target] = await targetsOrPick(store, ui, clicked, selected, ['running'], 'open a shell in', false);
      if (!target) return undefined;
      const shells = await availableShells(connectedClient(store), target.id);
      if (shells.length === 0) throw new Error(`${target.name} has neither bash nor sh to run`);
      const shell = shells.length === 1 ? shells[0] : await ui.pick(shells.map((s) => ({ label: s, value: s })), { title: `Shell in ${target.name}` });
      if (!shell) return undefined;
      return openDockerTerminal(`${shell}: ${target.name}`, execArgs(target.id, shell), store.endpoint);
    }),
    registerSafe('layerwise.containers.inspect', 'inspect', store, async (clicked, selected) => {
      const [target] = await targetsOrPick(store, ui, clicked, selected, ALL_STATES, 'inspect', false);
      if (target) await showInspect('container', target.id, target.name);
    }),
    registerSafe('layerwise.containers.prune', 'remove stopped containers', store, async (arg) => {
      const scope = labelScope(arg);
      const docker = connectedClient(store);
      const estimate = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Looking for stopped containers' }, () => estimateContainerPrune(docker, scope));
      if (estimate.names.length === 0) {
        void vscode.window.showInformationMessage('Layerwise: there are no stopped containers to remove.');
        return undefined;
      }
      const ok = await ui.confirm(
        `Remove ${plural(estimate.names.length, 'stopped container')}?`,
        `${listNames(estimate.names)}.\nThis reclaims ${formatBytes(estimate.bytes)} (their writable layers). Their anonymous volumes are kept; Prune Volumes removes those.`,
        'Remove',
      );
      if (!ok) return undefined;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Removing stopped containers' }, () => pruneContainers(docker, scope));
      void vscode.window.showInformationMessage(`Layerwise: removed ${plural(result.removed.length, 'container')}, reclaimed ${formatBytes(result.bytes)}.`);
      return result;
    }),
  ];
}
