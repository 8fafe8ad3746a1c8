// The "Layerwise" output channel of the editor features (worker failures, lint errors): made at
// the first message, so a session where nothing goes wrong shows no empty channel.
import * as vscode from 'vscode';

export class LanguageLog implements vscode.Disposable {
  private channel: vscode.LogOutputChannel | undefined;

  readonly warn = (message: string): void => {
    this.channel ??= vscode.window.createOutputChannel('Layerwise', { log: true });
    this.channel.warn(message);
  };

  dispose(): void {
    this.channel?.dispose();
  }
}
