// "Run Image..." from an image node (or the palette): one input box takes `docker run` options and
// the command, as in a terminal, checked as you type. `-d` runs through the engine API (create,
// start); anything else (-it, or a foreground run whose output the user wants to see) opens a
// terminal that runs `docker run` itself with the same words as argv, never through a shell.
//
// The box remembers the last line per image (workspace state), offers the image's EXPOSEd ports
// as `-p`, and after a failure offers the same line again to edit; when the container was
// created but would not start, it says the Created container is left and offers to remove it.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { runDetached, StartFailedError } from '../engine/operations/containers';
import { inspectImage } from '../engine/operations/images';
import { publishExposed } from '../engine/operations/portSpec';
import { createOptions, envFilePath, parseRunArgs, requestProblem, RunContext, runLineProblem, splitWords } from '../engine/operations/runOptions';
import type { LiveEngineStore } from '../engine/store';
import { connectedClient, engineErrorText, registerSafe } from './engineAccess';
import { isTag } from './imageCommands';
import type { PromptMemory } from './promptMemory';
import { selectedTargets } from './targets';
import { openDockerTerminal } from './terminals';
import type { CommandUi } from './ui';

/** The workspace state key of the last run line per image. */
export const RUN_MEMORY = 'run';
export const EDIT_RUN_LINE = 'Edit Run Line';
export const REMOVE_CREATED = 'Remove Container';

const USAGE = 'docker run [OPTIONS] IMAGE [COMMAND]: -d runs through the engine, -it in a terminal; --name, --rm, -p host:container, -e K=V, --env-file, -v name:/path | /path | /host:/path';

/** The line offered the first time: detached, removed when it stops, every EXPOSEd port published. */
export function defaultRunLine(image: string, exposed: readonly string[]): string {
  return ['-d', '--rm', ...publishExposed(exposed).map((p) => `-p ${p}`), image].join(' ');
}

async function exposedPorts(store: LiveEngineStore, imageId: string): Promise<string[]> {
  const info = await inspectImage(connectedClient(store), imageId).catch(() => undefined);
  // The engine keeps them in a map: in port order, as `docker image inspect` users read them.
  return Object.keys(info?.Config?.ExposedPorts ?? {}).sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
}

export function registerRunCommand(store: LiveEngineStore, ui: CommandUi, memory: PromptMemory): vscode.Disposable[] {
  return [
    registerSafe('layerwise.images.run', 'run the image', store, async (clicked, selected) => {
      let target: { id: string; name: string } | undefined = selectedTargets('image', clicked, selected)[0];
      if (!target) {
        const tags = [...store.images().values()].flatMap((i) => i.repoTags.map((t) => ({ label: t, value: { kind: 'image' as const, id: i.id, name: t } })));
        target = await ui.pick(tags.sort((a, b) => a.label.localeCompare(b.label)), { title: 'Image to run' });
      }
      if (!target) return undefined;
      const image = isTag(store, target) ? target.name : target.id.replace(/^sha256:/, '').slice(0, 12);
      // Relative paths (`--env-file .env`, `-v ./src:/src`) are the workspace folder's, where the terminal starts too.
      const context: RunContext = { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd() };
      const exposed = await exposedPorts(store, target.id);
      const offered = publishExposed(exposed);
      const prompt = offered.length ? `${USAGE}. The image EXPOSEs ${exposed.join(', ')}: -p ${offered.join(', -p ')} publishes ${exposed.length === 1 ? 'it' : 'them'} on the same host port.` : USAGE;
      let value = memory.get(RUN_MEMORY, image) ?? defaultRunLine(image, exposed);
      let failure: string | undefined;
      for (;;) {
        const line = await ui.input({
          title: `Run ${image}`,
          prompt: failure ? `Could not run: ${failure}` : prompt,
          value,
          ignoreFocusOut: true,
          validateInput: (text) => runLineProblem(text, context),
        });
        if (!line) return undefined;
        // Kept before it runs: a line that fails is there to fix next time too.
        await memory.set(RUN_MEMORY, image, line);
        const words = splitWords(line);
        const request = parseRunArgs(words);
        const problem = requestProblem(request, context);
        if (problem) throw new Error(problem);
        if (!request.detach) return openDockerTerminal(`run: ${request.name ?? request.image}`, ['run', ...words], store.endpoint, context.cwd);
        try {
          const envFiles = await Promise.all(request.envFiles.map((f) => readFile(envFilePath(f, context), 'utf8')));
          const docker = connectedClient(store);
          const started = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Starting ${request.name ?? request.image}` },
            () => runDetached(docker, createOptions(request, envFiles, context)),
          );
          ui.report(`Started ${started.name} from ${request.image}`);
          return started.id;
        } catch (error) {
          failure = engineErrorText(error, store);
          const left = error instanceof StartFailedError ? error.left : undefined;
          const choice = left
            ? await ui.notify('error', `Layerwise: ${left.name} was created but could not start: ${failure}. The container is left behind in the Created state.`, REMOVE_CREATED, EDIT_RUN_LINE)
            : await ui.notify('error', `Layerwise: could not run ${request.image}: ${failure}`, EDIT_RUN_LINE);
          if (left && choice === REMOVE_CREATED) {
            await connectedClient(store).getContainer(left.id).remove({ v: true });
            ui.report(`Removed the Created container ${left.name}`);
            return undefined;
          }
          if (choice !== EDIT_RUN_LINE) return undefined;
          value = line;
        }
      }
    }),
  ];
}
