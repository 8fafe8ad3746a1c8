// Builds the explorer: one engine store (pointed at the endpoint the docker CLI would use), the
// five trees and their views, the status bar item, the settings binding and the commands. Every
// resource is a Disposable on context.subscriptions.
import * as vscode from 'vscode';
import { registerExplorerCommands } from '../commands/explorerCommands';
import { CommandsApi, registerDockerCommands } from '../commands/registerCommands';
import { currentEndpoint, listEndpoints } from '../engine/endpoints';
import { createEngineStore, LiveEngineStore } from '../engine/store';
import { EngineStatus } from './engineStatus';
import { ExplorerView } from './explorerView';
import { bindSettings } from './settingsBinding';
import { ContainersTree } from './tree/containersTree';
import { ContextsTree } from './tree/contextsTree';
import { ImagesTree } from './tree/imagesTree';
import { NetworksTree } from './tree/networksTree';
import { VolumesTree } from './tree/volumesTree';
import type { ExplorerTreeProvider } from './treeProvider';

/** What the extension exports for tests (and other extensions): the store and every view's provider. */
export interface ExplorerApi {
  readonly store: LiveEngineStore;
  readonly containers: ExplorerTreeProvider;
  readonly images: ExplorerTreeProvider;
  readonly volumes: ExplorerTreeProvider;
  readonly networks: ExplorerTreeProvider;
  readonly contexts: ExplorerTreeProvider;
  readonly views: Readonly<Record<'containers' | 'images' | 'volumes' | 'networks' | 'contexts', ExplorerView>>;
  /** The status bar item with the current context and engine state. */
  readonly status: vscode.StatusBarItem;
  /** The Docker commands' prompts (tests answer them). */
  readonly commands: CommandsApi;
}

export function registerExplorer(context: vscode.ExtensionContext): ExplorerApi {
  const store = createEngineStore(currentEndpoint());
  const trees = {
    containers: new ContainersTree(store),
    images: new ImagesTree(store),
    volumes: new VolumesTree(store),
    networks: new NetworksTree(store),
    contexts: new ContextsTree(store, async () => listEndpoints().endpoints),
  };
  const views = {
    containers: new ExplorerView('layerwise.containers', trees.containers, 'containers'),
    images: new ExplorerView('layerwise.images', trees.images, 'images'),
    volumes: new ExplorerView('layerwise.volumes', trees.volumes, 'volumes'),
    networks: new ExplorerView('layerwise.networks', trees.networks, 'networks'),
    contexts: new ExplorerView('layerwise.contexts', trees.contexts, 'contexts'),
  };
  const status = new EngineStatus(store);
  void trees.contexts.reload();
  const commands = registerDockerCommands(store, context.workspaceState);

  context.subscriptions.push(
    store,
    ...Object.values(trees),
    ...Object.values(views),
    status,
    bindSettings(trees),
    ...registerExplorerCommands({
      store,
      views: { containers: views.containers, images: views.images, volumes: views.volumes, networks: views.networks },
      contexts: trees.contexts,
      volumes: trees.volumes,
      onEndpointChanged: () => status.show(),
    }),
    ...commands.disposables,
  );

  return {
    store,
    containers: views.containers.provider,
    images: views.images.provider,
    volumes: views.volumes.provider,
    networks: views.networks.provider,
    contexts: views.contexts.provider,
    views,
    status: status.item,
    commands: commands.api,
  };
}
