// The engine's state where the user sees it: context keys that pick the right welcome view, and a
// status bar item with the current context and state (click: switch context).
import * as vscode from 'vscode';
import type { EngineState, EngineStore } from '../engine/model';
import { ENGINE_PROBLEMS } from './engineProblems';
import { stateText } from './tree/contextsTree';
import { ENGINE_PROBLEM_KEY, ENGINE_STATE_KEY } from './welcomeContent';

export class EngineStatus implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: EngineStore) {
    this.item = vscode.window.createStatusBarItem('layerwise.engine', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Layerwise: Docker Engine';
    this.item.command = 'layerwise.useContext';
    this.subscription = store.onDidChangeState((state) => this.show(state));
    this.show(store.state);
    this.item.show();
  }

  /** Also called after a context switch (the endpoint changes even if the state kind does not). */
  show(state: EngineState = this.store.state): void {
    const context = this.store.endpoint.name;
    void vscode.commands.executeCommand('setContext', ENGINE_STATE_KEY, state.kind);
    void vscode.commands.executeCommand('setContext', ENGINE_PROBLEM_KEY, state.kind === 'unreachable' ? state.reason : undefined);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Docker context:** ${context} (\`${this.store.endpoint.host}\`)\n\n`);
    switch (state.kind) {
      case 'connected':
        this.item.text = `$(vm-running) ${context}`;
        this.item.backgroundColor = undefined;
        tooltip.appendMarkdown(`Engine ${state.version} (API ${state.apiVersion})\n\n`);
        break;
      case 'connecting':
        this.item.text = `$(loading~spin) ${context}`;
        this.item.backgroundColor = undefined;
        tooltip.appendMarkdown('Connecting…\n\n');
        break;
      default:
        this.item.text = `$(error) ${context}`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        tooltip.appendText(`${ENGINE_PROBLEMS[state.reason].title}\n\n${state.message}\n\n${state.hint}\n\n`);
    }
    tooltip.appendMarkdown('Click to switch context.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Docker context ${context}, ${stateText(state)}` };
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
