// Container lifecycle from the tree (multi-select) or the palette (pick from a list): start, stop,
// restart, remove. Remove asks first and says what it removes; every action says how it went.
// The tree updates from the engine's events, not from here.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { ContainerInfo, ContainerState } from '../engine/model';
import type { LiveEngineStore } from '../engine/store';
import { connectedClient, engineErrorText, registerSafe } from './engineAccess';
import { selectedTargets } from './targets';
import { CommandUi, listNames, plural } from './ui';

interface Action {
  readonly id: string;
  /** "Starting" for progress, "start" for messages, "Started" for the outcome. */
  readonly doing: string;
  readonly verb: string;
  readonly done: string;
  /** States a container can be in for this action to make sense (palette picker). */
  readonly from: readonly ContainerState[];
  run(docker: Docker, id: string): Promise<unknown>;
}

const ACTIONS: readonly Action[] = [
  { id: 'layerwise.containers.start', doing: 'Starting', verb: 'start', done: 'Started', from: ['created', 'exited', 'dead'], run: (d, id) => d.getContainer(id).start() },
  { id: 'layerwise.containers.stop', doing: 'Stopping', verb: 'stop', done: 'Stopped', from: ['running', 'restarting', 'paused'], run: (d, id) => d.getContainer(id).stop() },
  { id: 'layerwise.containers.restart', doing: 'Restarting', verb: 'restart', done: 'Restarted', from: ['running', 'exited', 'created', 'paused'], run: (d, id) => d.getContainer(id).restart() },
  {
    id: 'layerwise.containers.remove',
    doing: 'Removing',
    verb: 'remove',
    done: 'Removed',
    from: ['created', 'exited', 'dead', 'running', 'paused', 'restarting'],
    // Anonymous volumes go with the container (as `docker rm -v`); named volumes are kept.
    run: (d, id) => d.getContainer(id).remove({ force: true, v: true }),
  },
];

/** 304 "already started/stopped": the container is where the user wanted it. */
function alreadyThere(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 304;
}

export function registerContainerCommands(store: LiveEngineStore, ui: CommandUi): vscode.Disposable[] {
  return ACTIONS.map((action) =>
    registerSafe(action.id, action.verb, store, async (clicked?: unknown, selected?: unknown) => {
      let targets: Array<{ id: string; name: string }> = selectedTargets('container', clicked, selected);
      if (targets.length === 0) targets = await pickContainers(store, ui, action);
      if (targets.length === 0) return;
      if (action.verb === 'remove' && !(await confirmRemove(store, ui, targets))) return;
      const docker = connectedClient(store);
      const failures: string[] = [];
      const succeeded: string[] = [];
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `${action.doing} ${targets.length === 1 ? targets[0]!.name : plural(targets.length, 'container')}` },
        () => Promise.all(
          targets.map((t) =>
            action.run(docker, t.id).then(
              () => void succeeded.push(t.name),
              (error: unknown) => void (alreadyThere(error) ? succeeded.push(t.name) : failures.push(`${t.name}: ${engineErrorText(error, store)}`)),
            ),
          ),
        ),
      );
      // Named in the order they were given (they finish in any order).
      if (succeeded.length) ui.report(`${action.done} ${listNames(targets.map((t) => t.name).filter((n) => succeeded.includes(n)))}`);
      if (failures.length) void ui.notify('error', `Layerwise: could not ${action.verb} ${failures.join('; ')}`);
    }),
  );
}

async function pickContainers(store: LiveEngineStore, ui: CommandUi, action: Action): Promise<ContainerInfo[]> {
  const candidates = [...store.containers().values()].filter((c) => action.from.includes(c.state) && !c.buildStep);
  if (candidates.length === 0) {
    void ui.notify('info', `Layerwise: no container to ${action.verb}.`);
    return [];
  }
  return ui.pickMany(
    candidates.map((c) => ({ label: c.name, description: `${c.image} · ${c.status}`, value: c })),
    { title: `Containers to ${action.verb}` },
  );
}

async function confirmRemove(store: LiveEngineStore, ui: CommandUi, targets: ReadonlyArray<{ id: string; name: string }>): Promise<boolean> {
  const containers = targets.map((t) => store.containers().get(t.id));
  const running = containers.filter((c) => c?.state === 'running').length;
  const anonymous = containers.reduce((n, c) => n + (c?.mounts.filter((m) => m.kind === 'anonymous-volume').length ?? 0), 0);
  const names = targets.map((t) => t.name);
  const detail = [
    running ? `${running} of them ${running === 1 ? 'is' : 'are'} running and will be stopped.` : '',
    anonymous ? `Their ${anonymous} anonymous ${anonymous === 1 ? 'volume' : 'volumes'} will be removed too; named volumes are kept.` : 'Named volumes are kept.',
  ]
    .filter((s) => s)
    .join(' ');
  const many = targets.length > 1;
  return ui.confirm(
    `Remove ${many ? plural(targets.length, 'container') : 'container'} ${listNames(names)}?`,
    detail,
    many ? `Remove ${plural(targets.length, 'Container')}` : 'Remove',
    { objects: names },
  );
}
