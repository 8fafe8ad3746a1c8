// Registers the daily Docker commands (containers, images, volumes, build, run) and the inspect
// document provider. Returns what tests need: the UI object whose questions they answer.
import * as vscode from 'vscode';
import type { LiveEngineStore } from '../engine/store';
import { registerBuildCommand } from './buildCommand';
import { registerRunCommand } from './runCommand';
import { registerContainerOpsCommands } from './containerOpsCommands';
import { registerImageCommands } from './imageCommands';
import { INSPECT_SCHEME, InspectDocuments } from './inspectDocuments';
import { CommandUi, realUi } from './ui';
import { registerVolumeCommands } from './volumeCommands';

export interface CommandsApi {
  /** The prompts every command uses; tests replace a method to answer for the user. */
  readonly ui: CommandUi;
}

/** `state`: the workspace's memento, where prompts remember answers (the last tags per Dockerfile). */
export function registerDockerCommands(store: LiveEngineStore, state?: vscode.Memento): { disposables: vscode.Disposable[]; api: CommandsApi } {
  const ui = realUi();
  const disposables = [
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, new InspectDocuments(store)),
    ...registerContainerOpsCommands(store, ui),
    ...registerImageCommands(store, ui),
    ...registerVolumeCommands(store, ui),
    ...registerBuildCommand(store, ui, state),
    ...registerRunCommand(store, ui),
  ];
  return { disposables, api: { ui } };
}
