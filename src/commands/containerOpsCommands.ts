// Container commands beyond the lifecycle ones (containerCommands.ts): pause, unpause, kill,
// logs and a shell in a terminal, inspect, prune. From the palette they ask which container.
// Every change says how it went.
//
// Logs open a terminal fed by the engine's logs API (logsTerminal.ts): it keeps the program's
// colours and line breaks, shows what a stopped or crashed container printed, stays open when it
// exits and follows it again when it restarts.
import * as vscode from 'vscode';
import { formatBytes } from '../explorer/format';
import type { ContainerInfo, ContainerState } from '../engine/model';
import { availableShells, estimateContainerPrune, killContainer, pauseContainer, pruneContainers, unpauseContainer } from '../engine/operations/containers';
import { execArgs } from '../engine/operations/cliEnvironment';
import type { LiveEngineStore } from '../engine/store';
import { connectedClient, engineErrorText, labelScope, registerSafe } from './engineAccess';
import { showInspect } from './inspectDocuments';
import { openLogsTerminal } from './logsTerminal';
import { selectedTargets } from './targets';
import { openDockerTerminal } from './terminals';
import { CommandUi, listNames, plural } from './ui';

type Target = { id: string; name: string };

const ALL_STATES: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

async function targetsOrPick(store: LiveEngineStore, ui: CommandUi, clicked: unknown, selected: unknown, states: readonly ContainerState[], verb: string, many: boolean): Promise<Target[]> {
  const targets = selectedTargets('container', clicked, selected);
  if (targets.length) return many ? targets : targets.slice(0, 1);
  const candidates = [...store.containers().values()].filter((c) => states.includes(c.state) && !c.buildStep);
  if (candidates.length === 0) {
    void ui.notify('info', `Layerwise: no container to ${verb}.`);
    return [];
  }
  const items = candidates.map((c: ContainerInfo) => ({ label: c.name, description: `${c.image} · ${c.status}`, value: { id: c.id, name: c.name } }));
  if (many) return ui.pickMany(items, { title: `Containers to ${verb}` });
  const one = await ui.pick(items, { title: `Container to ${verb}` });
  return one ? [one] : [];
}

export function registerContainerOpsCommands(store: LiveEngineStore, ui: CommandUi): vscode.Disposable[] {
  const each = (id: string, verb: string, doing: string, done: string, states: readonly ContainerState[], run: (docker: ReturnType<typeof connectedClient>, id: string) => Promise<unknown>, confirm?: (targets: Target[]) => Promise<boolean>) =>
    registerSafe(id, verb, store, async (clicked, selected) => {
      const targets = await targetsOrPick(store, ui, clicked, selected, states, verb, true);
      if (targets.length === 0 || (confirm && !(await confirm(targets)))) return;
      const docker = connectedClient(store);
      const failures: string[] = [];
      const succeeded: string[] = [];
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${doing} ${targets.length === 1 ? targets[0]!.name : plural(targets.length, 'container')}` }, () =>
        Promise.all(targets.map((t) => run(docker, t.id).then(() => void succeeded.push(t.name), (error: unknown) => void failures.push(`${t.name}: ${engineErrorText(error, store)}`)))));
      // Named in the order they were given (they finish in any order).
      if (succeeded.length) ui.report(`${done} ${listNames(targets.map((t) => t.name).filter((n) => succeeded.includes(n)))}`);
      if (failures.length) void ui.notify('error', `Layerwise: could not ${verb} ${failures.join('; ')}`);
    });

  return [
    each('layerwise.containers.pause', 'pause', 'Pausing', 'Paused', ['running'], pauseContainer),
    each('layerwise.containers.unpause', 'unpause', 'Unpausing', 'Unpaused', ['paused'], unpauseContainer),
    each('layerwise.containers.kill', 'kill', 'Killing', 'Killed', ['running', 'paused', 'restarting'], (d, id) => killContainer(d, id), (targets) =>
      ui.confirm(
        `Kill ${targets.length === 1 ? 'container' : plural(targets.length, 'container')} ${listNames(targets.map((t) => t.name))}?`,
        'SIGKILL stops the processes at once, without letting them shut down cleanly. The container is kept (stopped).',
        targets.length === 1 ? 'Kill' : `Kill ${plural(targets.length, 'Container')}`,
        { objects: targets.map((t) => t.name) },
      ),
    ),
    registerSafe('layerwise.containers.logs', 'show the logs', store, async (clicked, selected) => {
      // Every selected container gets its own terminal; the palette asks for one.
      const selectedOnes = selectedTargets('container', clicked, selected);
      const targets = selectedOnes.length ? selectedOnes : await targetsOrPick(store, ui, undefined, undefined, ALL_STATES, 'show the logs of', false);
      const docker = connectedClient(store);
      const terminals = targets.map((t) => openLogsTerminal(docker, t.id, t.name));
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
    registerSafe('layerwise.containers.prune', 'prune containers', store, async (arg) => {
      const scope = labelScope(arg);
      const docker = connectedClient(store);
      const estimate = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Looking for stopped containers' }, () => estimateContainerPrune(docker, scope));
      if (estimate.names.length === 0) {
        void ui.notify('info', 'Layerwise: there are no stopped containers to remove (created, exited or dead); running and paused ones are never pruned.');
        return undefined;
      }
      const ok = await ui.confirm(
        `Remove ${plural(estimate.names.length, 'stopped container')}?`,
        `${listNames(estimate.names)}.\nThis reclaims ${formatBytes(estimate.bytes)} (their writable layers). Their anonymous volumes are kept; Prune Volumes removes those.`,
        estimate.names.length === 1 ? 'Remove' : `Remove ${plural(estimate.names.length, 'Container')}`,
        { objects: estimate.names },
      );
      if (!ok) return undefined;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Removing stopped containers' }, () => pruneContainers(docker, scope));
      void ui.notify('info', `Layerwise: removed ${plural(result.removed.length, 'stopped container')}, reclaimed ${formatBytes(result.bytes)}.`);
      return result;
    }),
  ];
}
