// Terminals that run the docker CLI itself (exec -it, run -it): the process is `docker` with an
// argv array (no shell parses anything), pointed at the engine the explorer shows.
import * as vscode from 'vscode';
import { dockerCliEnvironment } from '../engine/operations/cliEnvironment';
import type { EngineEndpoint } from '../engine/model';

/** `cwd`: where relative paths in the arguments (`-v ./src:/src`, `--env-file .env`) are read from. */
export function openDockerTerminal(name: string, args: string[], endpoint: EngineEndpoint, cwd?: string): vscode.Terminal {
  const terminal = vscode.window.createTerminal({
    name,
    shellPath: 'docker',
    shellArgs: args,
    env: dockerCliEnvironment(endpoint),
    iconPath: new vscode.ThemeIcon('terminal'),
    ...(cwd ? { cwd } : {}),
  });
  terminal.show();
  return terminal;
}
