// Registers the daily Docker commands (containers, images, volumes, build, run) and the read-only
// documents they open (inspect, full lists). Returns what tests need: the UI object whose
// questions they answer, and the prompts' memory.
import * as vscode from 'vscode';
import type { LiveEngineStore } from '../engine/store';
import { registerBuildCommand } from './buildCommand';
import { registerContainerCommands } from './containerCommands';
import { registerRunCommand } from './runCommand';
import { registerContainerOpsCommands } from './containerOpsCommands';
import { registerImageCommands } from './imageCommands';
import { INSPECT_SCHEME, InspectDocuments } from './inspectDocuments';
import { LIST_SCHEME, ListDocuments } from './listDocuments';
import { PromptMemory } from './promptMemory';
import { CommandUi, realUi } from './ui';
import { registerVolumeCommands } from './volumeCommands';

export interface CommandsApi {
  /** The prompts every command uses; tests replace a method to answer for the user. */
  readonly ui: CommandUi;
  /** What the prompts remember in this workspace (the last run line per image...). */
  readonly memory: PromptMemory;
}

/** `workspaceState`: the workspace's memento, where prompts remember answers (run lines per image, tags per Dockerfile). */
export function registerDockerCommands(store: LiveEngineStore, workspaceState: vscode.Memento): { disposables: vscode.Disposable[]; api: CommandsApi } {
  const lists = new ListDocuments();
  const ui = realUi(lists);
  const memory = new PromptMemory(workspaceState);
  const disposables = [
    lists,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, new InspectDocuments(store)),
    vscode.workspace.registerTextDocumentContentProvider(LIST_SCHEME, lists),
    ...registerContainerCommands(store, ui),
    ...registerContainerOpsCommands(store, ui),
    ...registerImageCommands(store, ui),
    ...registerVolumeCommands(store, ui),
    ...registerBuildCommand(store, ui, memory),
    ...registerRunCommand(store, ui, memory),
  ];
  return { disposables, api: { ui, memory } };
}
