// Terminals that run the docker CLI itself (logs -f, exec -it, run -it): the process is `docker`
// with an argv array (no shell parses anything), pointed at the engine the explorer shows.
import * as vscode from 'vscode';
import { dockerCliEnvironment } from '../engine/operations/cliEnvironment';
import type { EngineEndpoint } from '../engine/model';

export function openDockerTerminal(name: string, args: string[], endpoint: EngineEndpoint): vscode.Terminal {
  const terminal = vscode.window.createTerminal({
    name,
    shellPath: 'docker',
    shellArgs: args,
    env: dockerCliEnvironment(endpoint),
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
  return terminal;
}
