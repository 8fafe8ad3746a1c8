// Container lifecycle from the tree (multi-select) or the palette (pick from a list): start, stop,
// restart, remove. Remove asks first and says what it removes. The tree updates from the
// engine's events, not from here.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { ContainerInfo, ContainerState } from '../engine/model';
import type { LiveEngineStore } from '../engine/store';
import { selectedTargets, errorText } from './targets';

interface Action {
  readonly id: string;
  /** "Starting" for progress, "start" for messages. */
  readonly doing: string;
  readonly verb: string;
  /** States a container can be in for this action to make sense (palette picker). */
  readonly from: readonly ContainerState[];
  run(docker: Docker, id: string): Promise<unknown>;
}

const ACTIONS: readonly Action[] = [
  { id: 'layerwise.containers.start', doing: 'Starting', verb: 'start', from: ['created', 'exited', 'dead'], run: (d, id) => d.getContainer(id).start() },
  { id: 'layerwise.containers.stop', doing: 'Stopping', verb: 'stop', from: ['running', 'restarting', 'paused'], run: (d, id) => d.getContainer(id).stop() },
  { id: 'layerwise.containers.restart', doing: 'Restarting', verb: 'restart', from: ['running', 'exited', 'created', 'paused'], run: (d, id) => d.getContainer(id).restart() },
  {
    id: 'layerwise.containers.remove',
    doing: 'Removing',
    verb: 'remove',
    from: ['created', 'exited', 'dead', 'running', 'paused', 'restarting'],
    // Anonymous volumes go with the container (as `docker rm -v`); named volumes are kept.
    run: (d, id) => d.getContainer(id).remove({ force: true, v: true }),
  },
];

/** 304 "already started/stopped": the container is where the user wanted it. */
function alreadyThere(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 304;
}

export function registerContainerCommands(store: LiveEngineStore): vscode.Disposable[] {
  return ACTIONS.map((action) =>
    vscode.commands.registerCommand(action.id, async (clicked?: unknown, selected?: unknown) => {
      try {
        let targets: Array<{ id: string; name: string }> = selectedTargets('container', clicked, selected);
        if (targets.length === 0) targets = await pickContainers(store, action);
        if (targets.length === 0) return;
        if (action.verb === 'remove' && !(await confirmRemove(store, targets))) return;
        const docker = store.client();
        if (!docker || store.state.kind !== 'connected') throw new Error('the Docker engine is not connected');
        await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `${action.doing} ${targets.length === 1 ? targets[0]!.name : `${targets.length} containers`}` },
          async () => {
            const failures: string[] = [];
            await Promise.all(
              targets.map((t) =>
                action.run(docker, t.id).catch((error: unknown) => {
                  if (!alreadyThere(error)) failures.push(`${t.name}: ${errorText(error)}`);
                }),
              ),
            );
            if (failures.length) void vscode.window.showErrorMessage(`Could not ${action.verb} ${failures.join('; ')}`);
          },
        );
      } catch (error) {
        void vscode.window.showErrorMessage(`Layerwise: could not ${action.verb}: ${errorText(error)}`);
      }
    }),
  );
}

async function pickContainers(store: LiveEngineStore, action: Action): Promise<ContainerInfo[]> {
  const candidates = [...store.containers().values()].filter((c) => action.from.includes(c.state));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`Layerwise: no container to ${action.verb}.`);
    return [];
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => ({ label: c.name, description: `${c.image} · ${c.status}`, container: c })),
    { title: `Containers to ${action.verb}`, canPickMany: true },
  );
  return (picked ?? []).map((p) => p.container);
}

async function confirmRemove(store: LiveEngineStore, targets: ReadonlyArray<{ id: string; name: string }>): Promise<boolean> {
  const containers = targets.map((t) => store.containers().get(t.id));
  const running = containers.filter((c) => c?.state === 'running').length;
  const anonymous = containers.reduce((n, c) => n + (c?.mounts.filter((m) => m.kind === 'anonymous-volume').length ?? 0), 0);
  const names = targets.length <= 5 ? targets.map((t) => t.name).join(', ') : `${targets.slice(0, 5).map((t) => t.name).join(', ')} and ${targets.length - 5} more`;
  const detail = [
    running ? `${running} of them ${running === 1 ? 'is' : 'are'} running and will be stopped.` : '',
    anonymous ? `Their ${anonymous} anonymous ${anonymous === 1 ? 'volume' : 'volumes'} will be removed too; named volumes are kept.` : 'Named volumes are kept.',
  ]
    .filter((s) => s)
    .join(' ');
  const choice = await vscode.window.showWarningMessage(
    `Remove ${targets.length === 1 ? 'container' : `${targets.length} containers`} ${names}?`,
    { modal: true, detail },
    'Remove',
  );
  return choice === 'Remove';
}
