// Build Image in a real extension host over the real engine: the command (its prompts answered
// through ExplorerApi.commands.ui) builds a Dockerfile of the workspace with BuildKit (or the
// classic builder from the setting), the code lenses VS Code gets for that file say per line what
// its step did as the engine's trace said it, a failed build puts its cause in the Problems panel,
// Cancel Build stops the build on the engine, the tag is remembered per Dockerfile, and the
// quickstart sample builds. Every image built carries TEST_LABEL=insight-vs-<run> (a LABEL in each
// stage) or a tag of this run, and is removed at the end with what BuildKit cached for it.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { BuildCommandResult } from '../../../src/commands/buildCommand';
import type { CommandUi } from '../../../src/commands/ui';
import { parseVertexName } from '../../../src/engine/operations/buildkitSteps';
import type { ExplorerApi } from '../../../src/explorer/register';
import { buildCacheRecords, removeBuildCache } from '../../support/buildkit';
import { engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';
import { until } from '../../support/until';
import { saveDocument } from '../harness/saveDocument';

const LENS = /^(ran|cached|base|global|failed|cancelled|no step|not run|not built)\b/;

/** The build-insight lenses of `uri` as `[line, title]`, top to bottom. */
async function insightLenses(uri: vscode.Uri): Promise<Array<[number, string]>> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses
    .filter((l) => LENS.test(l.command?.title ?? ''))
    .map((l): [number, string] => [l.range.start.line, l.command!.title])
    .sort((a, b) => a[0] - b[0]);
}

const buildErrors = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Layerwise build');

describe('Build Image: BuildKit, code lenses, failures, cancel (real engine)', function () {
  this.timeout(120_000);
  const docker = engineClient();
  const run = randomBytes(4).toString('hex');
  const labelValue = `insight-vs-${run}`;
  const tag = `lw-insight-${run}:t1`;
  const tags = new Set<string>([tag]);
  let ui: CommandUi;
  const saved: Partial<CommandUi> = {};
  let folder: string;
  let dir: string;
  let uri: vscode.Uri;
  /** What the tag prompt offered each time. */
  const offered: string[] = [];

  const LINES = [
    'FROM busybox:local AS tools',
    `LABEL ${TEST_LABEL}=${labelValue} stage=tools`,
    `RUN echo tools-${run} > /tools`,
    'FROM busybox:local',
    `LABEL ${TEST_LABEL}=${labelValue} stage=last`,
    'COPY --from=tools /tools /tools',
    'COPY app.txt /app.txt',
    `RUN --mount=type=cache,target=/cache wc -c /app.txt > /size # ${run}`,
  ];

  async function build(target: vscode.Uri = uri, answer = tag): Promise<BuildCommandResult> {
    ui.input = async (options) => {
      offered.push(options.value ?? '');
      assert.equal(options.validateInput?.(answer), undefined, `${answer} is a valid tag line`);
      return answer;
    };
    const result = (await vscode.commands.executeCommand('layerwise.build', target)) as BuildCommandResult | undefined;
    assert.ok(result, 'the build command returned its result');
    return result;
  }

  /** Per line, what the trace says its step did: cached or ran, found by the instruction's text (FROM left out). */
  function traceByLine(result: BuildCommandResult, lines: readonly string[]): Map<number, string> {
    assert.equal(result.status, 'succeeded', result.status === 'failed' ? result.notification : '');
    const byLine = new Map<number, string>();
    if (result.status !== 'succeeded' || result.trace.builder !== 'buildkit') return byLine;
    for (const v of result.trace.vertexes) {
      const name = parseVertexName(v.name);
      if (!name || name.instruction.startsWith('FROM ')) continue;
      const line = lines.indexOf(name.instruction);
      assert.ok(line >= 0, `${v.name} is a line of the file`);
      byLine.set(line, v.cached ? 'cached' : 'ran');
    }
    return byLine;
  }

  /** The test file as LINES says, on disk and in its editor (a failed test may have left an edit). */
  /**
   * Puts the original text back through the editor and saves it. Writing the file on disk under a
   * dirty editor and reverting raced the editor's own save ("File Modified Since") under load.
   */
  async function resetFile(): Promise<void> {
    const text = `${LINES.join('\n')}\n`;
    const editor = await vscode.window.showTextDocument(uri);
    const document = editor.document;
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
    await saveDocument(document);
    assert.equal(document.getText(), text);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), text);
  }

  before(async () => {
    const exports = (await vscode.extensions.getExtension('layerwise.layerwise')!.activate()) as { explorer: ExplorerApi };
    await exports.explorer.store.settled();
    assert.equal(exports.explorer.store.state.kind, 'connected');
    ui = exports.explorer.commands.ui;
    Object.assign(saved, { input: ui.input, pick: ui.pick, pickMany: ui.pickMany });
    ui.pick = async <T>(items: ReadonlyArray<{ label: string; value: T }>) => items.find((i) => i.label === 'Last stage')!.value;
    folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    dir = join(folder, `insight-${run}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'Dockerfile'), `${LINES.join('\n')}\n`);
    writeFileSync(join(dir, 'app.txt'), `app ${run}\n`);
    uri = vscode.Uri.file(join(dir, 'Dockerfile'));
    await vscode.window.showTextDocument(uri);
  });

  after(async () => {
    Object.assign(ui, saved);
    await vscode.workspace.getConfiguration().update('layerwise.build.builder', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const t of tags) await docker.getImage(t).remove({ force: true }).catch(() => undefined);
    await removeLabelled(docker, labelValue);
    await removeBuildCache(docker, run).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds RUN --mount=type=cache with BuildKit; every line\'s lens says what its step did, as the trace said, then cached', async () => {
    assert.deepEqual(await insightLenses(uri), [], 'nothing before a build');
    const first = await build();
    assert.equal(first.status, 'succeeded');
    assert.equal(first.status === 'succeeded' && first.builder, 'buildkit');
    assert.match(first.status === 'succeeded' ? first.notification : '', new RegExp(`^Layerwise: built ${tag} with BuildKit \\(\\d+ steps, 4 ran, 0 cached\\)\\.$`));
    const lenses = await insightLenses(uri);
    assert.deepEqual(lenses.map(([line]) => line), LINES.map((_, i) => i), 'one lens per instruction, on its line');
    const titles = new Map(lenses);
    // One FROM step for both stages, named after either: the other line says it shares it.
    const froms = [titles.get(0)!, titles.get(3)!];
    // BuildKit reports a step to one of the builds that share it: when another build on the engine
    // (a test beside this one) resolved busybox:local at the same moment, this trace has no FROM
    // vertex, and the lenses say only that the line gave the stage its base.
    // A FROM vertex that the engine reports only as completed (resolved for another build) has
    // no start, so no time: the lens says base, without a duration (seen under load).
    // A FROM vertex counts only when it is named after a stage of this file (`[tools 1/2]`,
    // `[stage-1 1/4]`: the stage and its number of steps): BuildKit names a step that builds share
    // after whichever build asked first, and one named after another build's stage (seen under
    // load) cannot be told to be this file's.
    const ownStages = new Map([['tools', 2], ['stage-1', 4]]);
    const fromVertex = first.status === 'succeeded' && first.trace.builder === 'buildkit'
      ? first.trace.vertexes.find((v) => {
        const name = parseVertexName(v.name);
        return name?.instruction.startsWith('FROM ') && v.completed !== undefined && name.stage !== undefined && ownStages.get(name.stage) === name.total;
      })
      : undefined;
    if (fromVertex) {
      const timed = fromVertex.started !== undefined;
      for (const title of froms) assert.match(title, timed ? /^base · \d+\.\d s/ : /^base(?! · \d)/, froms.join(' | '));
      assert.deepEqual(froms.filter((t) => / · same step as line (1|4)$/.test(t)).length, 1, froms.join(' | '));
    } else {
      assert.deepEqual(froms, ['base', 'base'], 'no FROM step in the trace: both lines gave their stage its base');
    }
    assert.equal(titles.get(1), 'no step (image config)', 'BuildKit makes no step for LABEL');
    assert.match(titles.get(6)!, new RegExp(`^ran · \\d+\\.\\d s · \\+${`app ${run}\n`.length} B$`), 'COPY app.txt added its bytes');
    assert.match(titles.get(2)!, /^ran · \d+\.\d s$/, 'a stage that is not the image has no sizes');
    for (const [line, outcome] of traceByLine(first, LINES)) assert.equal(titles.get(line)!.split(' ')[0], outcome, `line ${line + 1}`);

    const second = await build();
    const again = new Map(await insightLenses(uri));
    const traced = traceByLine(second, LINES);
    assert.deepEqual([...traced.values()], [...traced.values()].map(() => 'cached'), 'the engine cached every step');
    for (const [line, outcome] of traced) assert.equal(again.get(line)!.split(' ')[0], outcome, `line ${line + 1}`);
  });

  it('after an edit the lenses go from that line down; the rebuild says ran/cached per line as the trace did; a failure shows its cause', async () => {
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.fsPath, uri.fsPath);
    await editor.edit((e) => e.replace(editor.document.lineAt(6).range, 'COPY app.txt /'));
    assert.deepEqual((await insightLenses(uri)).map(([line]) => line), [0, 1, 2, 3, 4, 5], 'the lines above the edit keep theirs');
    await saveDocument(editor.document);
    const edited = LINES.map((l, i) => (i === 6 ? 'COPY app.txt /' : l));
    const rebuilt = await build();
    const titles = new Map(await insightLenses(uri));
    const traced = traceByLine(rebuilt, edited);
    assert.equal(traced.get(2), 'cached');
    assert.equal(traced.get(5), 'cached');
    assert.equal(traced.get(6), 'ran', 'the edited COPY ran again');
    assert.equal(traced.get(7), 'ran', 'and the step after it');
    for (const [line, outcome] of traced) assert.equal(titles.get(line)!.split(' ')[0], outcome, `line ${line + 1}`);

    // A failing RUN: the lens, the Problems entry with the step's last lines, the notification.
    await editor.edit((e) => e.replace(editor.document.lineAt(7).range, `RUN echo about to fail-${run}; printf '\\033[31mred\\033[0m\\n'; exit 3`));
    await saveDocument(editor.document);
    assert.match(editor.document.lineAt(7).text, /exit 3$/);
    const failed = await build();
    assert.equal(failed.status, 'failed', `${failed.status}: ${failed.status === 'succeeded' ? JSON.stringify(failed.steps) : ''}`);
    const after = new Map(await insightLenses(uri));
    assert.match(after.get(7)!, /^failed · \d+\.\d s$/);
    assert.match(after.get(6)!, /^cached /);
    const [problem, ...more] = buildErrors(uri);
    assert.equal(more.length, 0);
    assert.equal(problem?.range.start.line, 7);
    assert.equal(problem?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem!.message, /^The build failed here: exit code 3\n/);
    assert.ok(problem!.message.includes(`about to fail-${run}`) && problem!.message.includes('\nred'), problem!.message);
    assert.ok(!problem!.message.includes('\u001b'), 'no escape codes');
    assert.ok(failed.status === 'failed' && failed.notification.startsWith(`Layerwise: the build of ${tag} failed at line 8 (RUN echo about to fail-${run}`), failed.status === 'failed' ? failed.notification : '');
    assert.ok(failed.status === 'failed' && failed.notification.includes(`Last output: about to fail-${run}`) && failed.notification.endsWith('red'), failed.status === 'failed' ? failed.notification : '');
    // Editing the failing line takes the problem away: it no longer describes the text.
    await editor.edit((e) => e.replace(editor.document.lineAt(7).range, 'RUN true'));
    await until('the build problem to go after the edit', () => buildErrors(uri).length === 0, 20_000);
    await resetFile();
  });

  it('Cancel Build stops the build on the engine: the running step ends long before its sleep', async () => {
    const cancelDir = join(dir, 'cancel');
    mkdirSync(cancelDir);
    writeFileSync(join(cancelDir, 'Dockerfile'), `FROM busybox:local\nLABEL ${TEST_LABEL}=${labelValue}\nRUN sleep 120 && echo never # cancel-${run}\n`);
    const target = vscode.Uri.file(join(cancelDir, 'Dockerfile'));
    const building = build(target);
    await until('the RUN to run on the engine', async () => (await buildCacheRecords(docker, `cancel-${run}`)).some((r) => r.InUse && r.Description.startsWith('mount / from exec')), 60_000);
    assert.equal(await vscode.commands.executeCommand('layerwise.cancelBuild'), 1, 'one build to cancel');
    const result = await building;
    assert.equal(result.status, 'cancelled');
    await until('the engine to stop the step', async () => !(await buildCacheRecords(docker, `cancel-${run}`)).some((r) => r.InUse), 60_000);
    const lenses = await insightLenses(target);
    assert.match(new Map(lenses).get(2) ?? '', /^cancelled/, 'the lens says the step was cancelled');
    assert.equal(await vscode.commands.executeCommand('layerwise.cancelBuild'), 0, 'nothing runs any more');
  });

  it('remembers the last tags per Dockerfile (workspace state) instead of suggesting the folder name again', async () => {
    const otherDir = join(dir, 'other');
    mkdirSync(otherDir);
    writeFileSync(join(otherDir, 'Dockerfile'), `FROM busybox:local\nLABEL ${TEST_LABEL}=${labelValue}\n`);
    const other = vscode.Uri.file(join(otherDir, 'Dockerfile'));
    offered.length = 0;
    const two = `lw-insight-${run}:other lw-insight-${run}:also`;
    for (const t of two.split(' ')) tags.add(t);
    await build(other, two);
    await build(other, two);
    await build(uri);
    assert.deepEqual(offered, ['other:latest', two, tag], 'first the folder name, then what was typed; each file its own');
    const [a, b] = await Promise.all(two.split(' ').map((t) => docker.getImage(t).inspect()));
    assert.equal(a!.Id, b!.Id, 'both tags name the image built');
  });

  it('builds with the classic builder when the setting says so, and its lenses say so too', async () => {
    const classicDir = join(dir, 'classic');
    mkdirSync(classicDir);
    writeFileSync(join(classicDir, 'Dockerfile'), `FROM busybox:local\nLABEL ${TEST_LABEL}=${labelValue}\nRUN echo classic-${run} > /c\n`);
    const target = vscode.Uri.file(join(classicDir, 'Dockerfile'));
    await vscode.workspace.getConfiguration().update('layerwise.build.builder', 'classic', vscode.ConfigurationTarget.Global);
    try {
      const result = await build(target);
      assert.equal(result.status === 'succeeded' && result.builder, 'classic', result.status === 'failed' ? result.notification : result.status);
      const titles = await insightLenses(target);
      assert.deepEqual(titles.map(([line]) => line), [0, 1, 2]);
      assert.match(titles[0]![1], /^base [0-9a-f]{12} · \d+\.\d s$/);
      assert.match(titles[1]![1], /^ran · \d+\.\d s · \+0 B$/, 'the classic builder makes a step of LABEL');
      assert.match(titles[2]![1], new RegExp(`^ran · \\d+\\.\\d s · \\+${`classic-${run}\n`.length} B$`));
    } finally {
      await vscode.workspace.getConfiguration().update('layerwise.build.builder', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a base image that cannot be pulled says so on its FROM line', async () => {
    const pullDir = join(dir, 'pull');
    mkdirSync(pullDir);
    writeFileSync(join(pullDir, 'Dockerfile'), 'FROM 127.0.0.1:1/lw-nowhere:1\nRUN true\n');
    const target = vscode.Uri.file(join(pullDir, 'Dockerfile'));
    const result = await build(target);
    assert.equal(result.status, 'failed');
    const said = 'cannot pull 127.0.0.1:1/lw-nowhere:1: the registry is unreachable — is the network up? is the image local?';
    assert.equal(result.status === 'failed' && result.notification, `Layerwise: the build of ${tag} failed: ${said}`);
    const [problem] = buildErrors(target);
    assert.equal(problem?.range.start.line, 0);
    assert.equal(problem?.message, `The build failed here: ${said}`);
  });

  it('the quickstart sample builds anywhere on busybox:local, with a result above each line', async () => {
    const sample = vscode.Uri.file(join(folder, 'quickstart', 'Dockerfile'));
    const sampleTag = `lw-quickstart-${run}:t1`;
    tags.add(sampleTag);
    const result = await build(sample, sampleTag);
    assert.equal(result.status, 'succeeded', result.status === 'failed' ? result.notification : '');
    assert.equal(result.status === 'succeeded' && result.builder, 'buildkit');
    const text = (await vscode.workspace.openTextDocument(sample)).getText().split('\n');
    const lenses = new Map(await insightLenses(sample));
    const unbuiltRun = text.findIndex((l) => l.startsWith('RUN echo "never built'));
    const instructionLines = text.map((l, i) => [l, i] as const).filter(([l, i]) => /^[A-Z]+ /.test(l) && i !== unbuiltRun).map(([, i]) => i);
    assert.deepEqual([...lenses.keys()], instructionLines, 'every instruction has its lens (in the stage not built, its FROM)');
    assert.equal(lenses.get(text.findIndex((l) => l.startsWith('FROM busybox:local AS checks'))), 'not built: the target does not need this stage');
    assert.match(lenses.get(text.findIndex((l) => l.startsWith('RUN wc')))!, /^(ran|cached) · \d+\.\d s · \+\d+ B$/);
    assert.equal(buildErrors(sample).length, 0);
  });
});
