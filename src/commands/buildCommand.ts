// "Build Image..." and "Build Image (Options)..." on a Dockerfile: ask the tags (the last ones used
// for that Dockerfile are offered) and, for a multi-stage file, the target stage; the Options
// variant also asks for --no-cache, --pull and --platform. Build args come from
// `layerwise.dockerfile.buildArgs`, the builder from `layerwise.build.builder` (BuildKit unless
// the engine has none, which is said once), the context is the Dockerfile's folder or
// `layerwise.build.context` (.dockerignore applied). The builder's output streams to the
// "Layerwise Build" output channel (BuildKit's as `--progress=plain` prints it) while a
// cancellable notification shows the step running; cancelling it (or "Cancel Build") stops the
// build on the engine.
// When it ends (built, failed or cancelled) it publishes what each step did to `buildResults`,
// which the editor shows on the Dockerfile's lines (language/buildInsights.ts) and, for a failed
// build, as a problem on the failing line (language/buildFailureDiagnostics.ts).
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import { BuildCancelledError, BuildError, buildImage, BuildResult, BuildTrace } from '../engine/operations/build';
import { chooseBuilder, engineBuildSupport } from '../engine/operations/builderSupport';
import { describeFailure } from '../engine/operations/buildFailure';
import type { Builder } from '../engine/operations/buildOutcomes';
import { BuildReport, reportBuild } from '../engine/operations/buildReport';
import { buildResults } from '../engine/operations/buildResults';
import { withDefaultTag } from '../engine/operations/reference';
import type { LiveEngineStore } from '../engine/store';
import type { PromptMemory } from './promptMemory';
import { askExtraOptions, askTags, askTarget, ExtraBuildOptions } from './buildPrompts';
import { connectedClient, registerSafe } from './engineAccess';
import type { CommandUi } from './ui';

const BUILD_ARGS_SETTING = 'layerwise.dockerfile.buildArgs';
const BUILDER_SETTING = 'layerwise.build.builder';
const BUILDER_NAMES: Record<Builder, string> = { buildkit: 'BuildKit', classic: 'the classic builder' };
/** How many of the failed step's last lines the notification shows (the Problems entry has more). */
const NOTIFICATION_LINES = 3;

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

function builderFor(uri: vscode.Uri): Builder {
  return vscode.workspace.getConfiguration(undefined, uri).get<string>(BUILDER_SETTING) === 'classic' ? 'classic' : 'buildkit';
}

/** `built app:1 with BuildKit: 5 steps, 3 ran, 2 cached`. */
function successMessage(tag: string, builder: Builder, report: BuildReport | undefined, steps: number): string {
  const ran = report?.results.filter((r) => r.outcome === 'ran').length;
  const cached = report?.results.filter((r) => r.outcome === 'cached').length;
  const counts = report ? `, ${ran} ran, ${cached} cached` : '';
  return `Layerwise: built ${tag} with ${BUILDER_NAMES[builder]} (${steps} steps${counts}).`;
}

/** What a finished build command returns (the tests read it; the user sees the notifications). */
export type BuildCommandResult =
  | (BuildResult & { readonly status: 'succeeded'; readonly report?: BuildReport; readonly notification: string })
  | { readonly status: 'failed'; readonly report?: BuildReport; readonly notification: string }
  | { readonly status: 'cancelled'; readonly report?: BuildReport };

export function registerBuildCommand(store: LiveEngineStore, ui: CommandUi, memory: PromptMemory): vscode.Disposable[] {
  let channel: vscode.OutputChannel | undefined;
  let toldFallback = false;
  /** The builds running now: "Cancel Build" (palette, keybindings) stops them as the notification's Cancel does. */
  const running = new Set<AbortController>();
  const setBuilding = (): Thenable<unknown> => vscode.commands.executeCommand('setContext', 'layerwise.building', running.size > 0);

  const build = async (arg: unknown, withOptions: boolean): Promise<BuildCommandResult | undefined> => {
    const uri = await dockerfileToBuild(arg, ui);
    if (!uri) return undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    const contextDir = contextFor(uri);
    const tags = await askTags(ui, memory.get('buildTags', uri.fsPath), contextDir);
    if (!tags) return undefined;
    const buildArgs = buildArgsFor(uri);
    const target = await askTarget(ui, document.getText(), buildArgs);
    if (target === undefined) return undefined;
    const docker = connectedClient(store);
    const support = await engineBuildSupport(docker);
    let extra: ExtraBuildOptions = {};
    if (withOptions) {
      const asked = await askExtraOptions(ui, support);
      if (!asked) return undefined;
      extra = asked;
    }
    await memory.set('buildTags', uri.fsPath, tags.join(' '));
    const choice = chooseBuilder(builderFor(uri), support);
    channel ??= vscode.window.createOutputChannel('Layerwise Build');
    const out = channel;
    if (choice.fallback) {
      out.appendLine(`# ${choice.fallback}`);
      if (!toldFallback) void vscode.window.showWarningMessage(`Layerwise: ${choice.fallback}.`);
      toldFallback = true;
    }
    const fullTags = tags.map(withDefaultTag);
    const name = fullTags[0]!;
    const flags = [target ? `target ${target}` : '', extra.noCache ? 'no cache' : '', extra.pull ? 'pull' : '', extra.platform ? `platform ${extra.platform}` : ''].filter(Boolean);
    out.appendLine(`# Building ${vscode.workspace.asRelativePath(uri)} as ${fullTags.join(', ')} with ${BUILDER_NAMES[choice.builder]}${flags.length ? ` (${flags.join(', ')})` : ''}, context ${contextDir}`);
    // The builder reads the file from disk, so the steps map to the saved text, not the editor's.
    const builtText = await readFile(uri.fsPath, 'utf8').catch(() => document.getText());
    buildResults.started(uri.fsPath);
    const publish = async (trace: BuildTrace, status: BuildReport['status'], imageId?: string, error?: string): Promise<BuildReport | undefined> => {
      try {
        const report = await reportBuild(docker, trace, { dockerfile: uri.fsPath, text: builtText, buildArgs, ...(target ? { target } : {}), status, ...(imageId ? { imageId } : {}), ...(error ? { error } : {}) });
        buildResults.finished(report);
        return report;
      } catch (failure) {
        out.appendLine(`# could not read the results of the build: ${failure instanceof Error ? failure.message : String(failure)}`);
        return undefined;
      }
    };
    try {
      const built = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Building ${name}`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          const cancelled = token.onCancellationRequested(() => abort.abort());
          running.add(abort);
          void setBuilding();
          try {
            return await buildImage(docker, {
              contextDir, dockerfile: uri.fsPath, tags: fullTags, buildArgs, ...(target ? { target } : {}), builder: choice.builder, ...extra, signal: abort.signal,
              onOutput: (line) => out.appendLine(line),
              onStep: (step) => progress.report({ message: step }),
            });
          } finally {
            cancelled.dispose();
            running.delete(abort);
            void setBuilding();
          }
        },
      );
      const report = await publish(built.trace, 'succeeded', built.imageId);
      const notification = successMessage(name, built.builder, report, built.steps.length);
      void vscode.window.showInformationMessage(notification);
      return { ...built, status: 'succeeded', ...(report ? { report } : {}), notification };
    } catch (error) {
      if (error instanceof BuildCancelledError) {
        out.appendLine('# cancelled');
        const report = await publish(error.trace, 'cancelled');
        void vscode.window.showInformationMessage(`Layerwise: the build of ${name} was cancelled.`);
        return { status: 'cancelled', ...(report ? { report } : {}) };
      }
      if (!(error instanceof BuildError)) throw error;
      const report = await publish(error.trace, 'failed', undefined, error.reason);
      const failure = report ? describeFailure(report) : undefined;
      const headline = failure?.headline ?? (error.step ? `${error.step}: ${error.reason}` : error.reason);
      const tail = failure?.logTail.slice(-NOTIFICATION_LINES) ?? [];
      const notification = `Layerwise: the build of ${name} failed${/^line \d+/.test(headline) ? ' at' : ':'} ${headline}${tail.length ? `. Last output: ${tail.join(' ⏎ ')}` : ''}`;
      out.appendLine(`# ${headline}`);
      const actions = failure?.range ? ['Show Problem', 'Show Output'] : ['Show Output'];
      void vscode.window.showErrorMessage(notification, ...actions).then(async (choice) => {
        if (choice === 'Show Output') out.show(true);
        if (choice === 'Show Problem' && failure?.range) {
          const { start } = failure.range;
          await vscode.window.showTextDocument(uri, { selection: new vscode.Range(start.line, 0, start.line, 0) });
          await vscode.commands.executeCommand('workbench.actions.view.problems');
        }
      });
      return { status: 'failed', ...(report ? { report } : {}), notification };
    }
  };

  return [
    { dispose: () => channel?.dispose() },
    registerSafe('layerwise.build', 'build', store, (arg) => build(arg, false)),
    registerSafe('layerwise.buildWithOptions', 'build', store, (arg) => build(arg, true)),
    vscode.commands.registerCommand('layerwise.cancelBuild', () => {
      for (const abort of running) abort.abort();
      return running.size;
    }),
  ];
}
