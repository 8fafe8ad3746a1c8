// "Build Image..." on a Dockerfile: asks the tag and (for a multi-stage file) the target stage,
// takes build args from `layerwise.dockerfile.buildArgs`, sends the Dockerfile's folder as the
// context (.dockerignore applied) to the engine's classic builder, and streams its output to the
// "Layerwise Build" output channel while a cancellable notification shows the current step.
// When it ends (built, failed or cancelled) it publishes what each step did to `buildResults`,
// which the editor shows on the Dockerfile's instructions (language/buildInsights.ts).
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import { buildModel } from '../dockerfile';
import { BuildCancelledError, BuildError, buildImage, BuildResult } from '../engine/operations/build';
import { BuildReport, reportBuild } from '../engine/operations/buildReport';
import { buildResults } from '../engine/operations/buildResults';
import type { BuildStepRecord } from '../engine/operations/buildSteps';
import { referenceProblem, withDefaultTag } from '../engine/operations/reference';
import type { LiveEngineStore } from '../engine/store';
import { connectedClient, registerSafe } from './engineAccess';
import type { CommandUi } from './ui';

const BUILD_ARGS_SETTING = 'layerwise.dockerfile.buildArgs';

async function dockerfileToBuild(arg: unknown, ui: CommandUi): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === 'dockerfile' || /(^|\.)dockerfile$|^dockerfile(\.|$)/i.test(basename(active.uri.fsPath)))) return active.uri;
  const found = await vscode.workspace.findFiles('**/{Dockerfile,*.Dockerfile,Dockerfile.*,*.dockerfile}', '**/node_modules/**', 200);
  if (found.length === 0) throw new Error('open a Dockerfile first: none was found in the workspace');
  return ui.pick(found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), value: uri })), { title: 'Dockerfile to build' });
}

/** `layerwise.build.context` (relative to the Dockerfile's workspace folder), else the Dockerfile's folder. */
function contextFor(uri: vscode.Uri): string {
  const setting = vscode.workspace.getConfiguration(undefined, uri).get<string>('layerwise.build.context')?.trim();
  if (!setting) return dirname(uri.fsPath);
  if (isAbsolute(setting)) return setting;
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath);
  return resolve(folder, setting);
}

function buildArgsFor(uri: vscode.Uri): Record<string, string> {
  const value = vscode.workspace.getConfiguration(undefined, uri).get<unknown>(BUILD_ARGS_SETTING);
  const args: Record<string, string> = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (typeof v === 'string') args[k] = v;
  return args;
}

export function registerBuildCommand(store: LiveEngineStore, ui: CommandUi): vscode.Disposable[] {
  let channel: vscode.OutputChannel | undefined;
  return [
    { dispose: () => channel?.dispose() },
    registerSafe('layerwise.build', 'build', store, async (arg): Promise<(BuildResult & { report?: BuildReport }) | undefined> => {
      const uri = await dockerfileToBuild(arg, ui);
      if (!uri) return undefined;
      const document = await vscode.workspace.openTextDocument(uri);
      const contextDir = contextFor(uri);
      const suggested = `${basename(contextDir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'image'}:latest`;
      const tag = await ui.input({ title: 'Build Image', prompt: 'Tag for the image (name:tag)', value: suggested, validateInput: (v) => referenceProblem(v) });
      if (!tag) return undefined;
      const problem = referenceProblem(tag);
      if (problem) throw new Error(problem);
      const buildArgs = buildArgsFor(uri);
      const stages = buildModel(document.getText(), { buildArgs }).stages.filter((s) => s.name).map((s) => s.name!);
      let target: string | undefined = '';
      if (stages.length) {
        target = await ui.pick([{ label: 'Last stage', description: 'the whole file', value: '' }, ...stages.map((s) => ({ label: s, value: s }))], { title: 'Target stage' });
        if (target === undefined) return undefined;
      }
      const docker = connectedClient(store);
      channel ??= vscode.window.createOutputChannel('Layerwise Build');
      const out = channel;
      out.appendLine(`# Building ${vscode.workspace.asRelativePath(uri)} as ${withDefaultTag(tag)}${target ? ` (target ${target})` : ''}, context ${contextDir}`);
      // The builder reads the file from disk, so the steps map to the saved text, not the editor's.
      const builtText = await readFile(uri.fsPath, 'utf8').catch(() => document.getText());
      buildResults.started(uri.fsPath);
      const publish = async (records: readonly BuildStepRecord[], status: BuildReport['status'], imageId?: string): Promise<BuildReport | undefined> => {
        try {
          const report = await reportBuild(docker, records, { dockerfile: uri.fsPath, text: builtText, buildArgs, ...(target ? { target } : {}), status, ...(imageId ? { imageId } : {}) });
          buildResults.finished(report);
          return report;
        } catch (error) {
          out.appendLine(`# could not read the layers of the build: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        }
      };
      try {
        const built = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Building ${withDefaultTag(tag)}`, cancellable: true },
          async (progress, token) => {
            const abort = new AbortController();
            const cancelled = token.onCancellationRequested(() => abort.abort());
            try {
              const result = await buildImage(docker, {
                contextDir, dockerfile: uri.fsPath, tag: withDefaultTag(tag), buildArgs, ...(target ? { target } : {}), signal: abort.signal,
                onOutput: (line) => out.appendLine(line),
                onStep: (step) => progress.report({ message: step }),
              });
              void vscode.window.showInformationMessage(`Layerwise: built ${withDefaultTag(tag)} (${result.steps.length} steps).`);
              return result;
            } finally {
              cancelled.dispose();
            }
          },
        );
        const report = await publish(built.records, 'succeeded', built.imageId);
        return { ...built, ...(report ? { report } : {}) };
      } catch (error) {
        if (error instanceof BuildCancelledError) {
          out.appendLine('# cancelled');
          await publish(error.records, 'cancelled');
          return undefined;
        }
        if (error instanceof BuildError) await publish(error.records, 'failed');
        const message = error instanceof BuildError && error.step ? `the build failed at ${error.step}: ${error.message.slice(error.step.length + 2)}` : error instanceof Error ? error.message : String(error);
        out.appendLine(`# ${message}`);
        void vscode.window.showErrorMessage(`Layerwise: ${message}`, 'Show Output').then((choice) => (choice ? out.show(true) : undefined));
        return undefined;
      }
    }),
  ];
}
