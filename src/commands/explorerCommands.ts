// The explorer's own commands: refresh/retry, contexts, filters, grouping and sorting pickers,
// volume sizes, copy id/name.
import * as vscode from 'vscode';
import { listEndpoints } from '../engine/endpoints';
import type { EngineEndpoint } from '../engine/model';
import type { LiveEngineStore } from '../engine/store';
import { ENGINE_PROBLEMS } from '../explorer/engineProblems';
import type { ExplorerView } from '../explorer/explorerView';
import { EXPLORER_SETTINGS, ExplorerSettingName } from '../explorer/settings';
import type { ContextsTree } from '../explorer/tree/contextsTree';
import type { VolumesTree } from '../explorer/tree/volumesTree';
import { anyTargets, errorText } from './targets';

export interface ExplorerCommandDeps {
  readonly store: LiveEngineStore;
  readonly views: Readonly<Record<'containers' | 'images' | 'volumes' | 'networks', ExplorerView>>;
  readonly contexts: ContextsTree;
  readonly volumes: VolumesTree;
  /** Called after a context switch, so the status bar shows the new name at once. */
  readonly onEndpointChanged: () => void;
}

export function registerExplorerCommands(deps: ExplorerCommandDeps): vscode.Disposable[] {
  const { store } = deps;
  const register = (id: string, handler: (...args: unknown[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await handler(...args);
      } catch (error) {
        void vscode.window.showErrorMessage(`Layerwise: ${errorText(error)}`);
      }
    });

  const disposables = [
    register('layerwise.refresh', async () => {
      await Promise.all([store.retry(), deps.contexts.reload()]);
    }),
    register('layerwise.retry', async () => {
      await store.retry();
      await deps.contexts.reload();
    }),
    register('layerwise.showEngineProblem', () => {
      const state = store.state;
      if (state.kind !== 'unreachable') {
        void vscode.window.showInformationMessage(`Layerwise: the engine of context "${store.endpoint.name}" is ${state.kind}.`);
        return;
      }
      void vscode.window
        .showErrorMessage(ENGINE_PROBLEMS[state.reason].title, { modal: true, detail: `${state.message}\n\n${state.hint}` }, 'Retry')
        .then((choice) => (choice === 'Retry' ? vscode.commands.executeCommand('layerwise.retry') : undefined));
    }),
    register('layerwise.useContext', async (clicked) => {
      let endpoint: EngineEndpoint | undefined;
      const target = anyTargets(clicked, undefined)[0];
      if (target?.kind === 'context') {
        endpoint = deps.contexts.endpointNamed(target.name) ?? listEndpoints().endpoints.find((e) => e.name === target.name);
      } else {
        endpoint = await pickEndpoint(store.endpoint.name);
      }
      if (!endpoint) return;
      const switching = store.switchEndpoint(endpoint);
      deps.onEndpointChanged();
      deps.contexts.refresh();
      await switching;
      const state = store.state;
      if (state.kind === 'unreachable') {
        void vscode.window.showWarningMessage(`Layerwise: switched to "${endpoint.name}", but ${state.message}`, 'Show Details').then((choice) =>
          choice ? vscode.commands.executeCommand('layerwise.showEngineProblem') : undefined,
        );
      }
    }),
    register('layerwise.volumes.showSizes', () =>
      vscode.window.withProgress({ location: { viewId: 'layerwise.volumes' }, title: 'Reading volume sizes' }, () => deps.volumes.showSizes()),
    ),
    register('layerwise.copyId', async (clicked, selected) => {
      const targets = anyTargets(clicked, selected);
      if (targets.length) await vscode.env.clipboard.writeText(targets.map((t) => t.id).join('\n'));
    }),
    register('layerwise.copyName', async (clicked, selected) => {
      const targets = anyTargets(clicked, selected);
      if (targets.length) await vscode.env.clipboard.writeText(targets.map((t) => t.name).join('\n'));
    }),
    register('layerwise.containers.groupBy', () => pickSetting('layerwise.containers.groupBy', 'Group containers by')),
    register('layerwise.containers.sortBy', () => pickSetting('layerwise.containers.sortBy', 'Sort containers by')),
    register('layerwise.images.sortBy', () => pickSetting('layerwise.images.sortBy', 'Sort images by')),
    register('layerwise.volumes.sortBy', () => pickSetting('layerwise.volumes.sortBy', 'Sort volumes by')),
  ];
  for (const [name, view] of Object.entries(deps.views)) {
    disposables.push(
      register(`layerwise.${name}.filter`, async (text) => {
        // A string argument sets the filter directly (keybindings, tests); otherwise ask.
        const value =
          typeof text === 'string'
            ? text
            : await vscode.window.showInputBox({
              title: `Filter ${name}`,
              prompt: `Show only the ${name} whose name (or image, id, state...) contains this text. Empty shows all.`,
              value: view.filter,
            });
        if (value !== undefined) view.setFilter(value);
      }),
      register(`layerwise.${name}.clearFilter`, () => view.setFilter('')),
    );
  }
  return disposables;
}

async function pickEndpoint(current: string): Promise<EngineEndpoint | undefined> {
  const { endpoints, warnings } = listEndpoints();
  for (const warning of warnings) void vscode.window.showWarningMessage(`Layerwise: ${warning}`);
  const picked = await vscode.window.showQuickPick(
    endpoints.map((endpoint) => ({
      label: endpoint.name,
      description: endpoint.host,
      detail: endpoint.description,
      picked: endpoint.name === current,
      iconPath: new vscode.ThemeIcon(endpoint.name === current ? 'pass-filled' : 'circle-large-outline'),
      endpoint,
    })),
    { title: 'Use Docker Context', placeHolder: `Current: ${current}` },
  );
  return picked?.endpoint;
}

async function pickSetting(name: ExplorerSettingName, title: string): Promise<void> {
  const setting = EXPLORER_SETTINGS[name];
  const current = vscode.workspace.getConfiguration().get<string>(name);
  const picked = await vscode.window.showQuickPick(
    setting.values.map((value, i) => ({ label: value, description: value === current ? 'current' : undefined, detail: setting.valueDescriptions[i], value })),
    { title },
  );
  if (picked) await vscode.workspace.getConfiguration().update(name, picked.value, vscode.ConfigurationTarget.Global);
}
