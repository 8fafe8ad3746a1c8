// "Run Image..." from an image node (or the palette): one input box takes `docker run` options and
// the command, as in a terminal. `-d` runs through the engine API (create, start); anything else
// (-it, or a foreground run whose output the user wants to see) opens a terminal that runs
// `docker run` itself with the same words as argv, never through a shell.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { createOptions, parseRunArgs, splitWords } from '../engine/operations/runOptions';
import type { LiveEngineStore } from '../engine/store';
import { connectedClient, registerSafe } from './engineAccess';
import { isTag } from './imageCommands';
import { selectedTargets } from './targets';
import { openDockerTerminal } from './terminals';
import type { CommandUi } from './ui';

function validate(text: string): string | undefined {
  try {
    const request = parseRunArgs(splitWords(text));
    createOptions(request, request.envFiles.map(() => ''));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function registerRunCommand(store: LiveEngineStore, ui: CommandUi): vscode.Disposable[] {
  return [
    registerSafe('layerwise.images.run', 'run the image', store, async (clicked, selected) => {
      let target: { id: string; name: string } | undefined = selectedTargets('image', clicked, selected)[0];
      if (!target) {
        const tags = [...store.images().values()].flatMap((i) => i.repoTags.map((t) => ({ label: t, value: { kind: 'image' as const, id: i.id, name: t } })));
        target = await ui.pick(tags.sort((a, b) => a.label.localeCompare(b.label)), { title: 'Image to run' });
      }
      if (!target) return undefined;
      const image = isTag(store, target) ? target.name : target.id.replace(/^sha256:/, '').slice(0, 12);
      const line = await ui.input({
        title: `Run ${image}`,
        prompt: 'docker run [OPTIONS] IMAGE [COMMAND]: --name, -d, -it, --rm, -p host:container, -e K=V, --env-file, -v name:/path | /path | /host:/path',
        value: `-d --rm ${image}`,
        validateInput: validate,
      });
      if (!line) return undefined;
      const words = splitWords(line);
      const request = parseRunArgs(words);
      if (!request.detach) return openDockerTerminal(`run: ${request.name ?? request.image}`, ['run', ...words], store.endpoint);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
      const envFiles = await Promise.all(request.envFiles.map((f) => readFile(isAbsolute(f) ? f : join(folder, f), 'utf8').catch(() => { throw new Error(`cannot read the env file ${f}`); })));
      const docker = connectedClient(store);
      return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Starting ${request.name ?? request.image}` }, async () => {
        const container = await docker.createContainer(createOptions(request, envFiles));
        await container.start();
        return container.id;
      });
    }),
  ];
}
