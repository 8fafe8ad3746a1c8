// Build insight in a real extension host over the real engine: the Build Image command (its prompts
// answered through ExplorerApi.commands.ui) builds a Dockerfile of the workspace, and the code lenses
// VS Code gets for that file say, per instruction, what its step did. Every image built carries
// TEST_LABEL=insight-vs-<run> (a LABEL in each stage) and is removed at the end.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CommandUi } from '../../../src/commands/ui';
import type { ExplorerApi } from '../../../src/explorer/register';
import { engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';

/** The build-insight lenses of `uri` as `[line, title]`, top to bottom. */
async function insightLenses(uri: vscode.Uri): Promise<Array<[number, string]>> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses
    .filter((l) => /^(ran|cached|base|global|failed|cancelled)\b/.test(l.command?.title ?? ''))
    .map((l): [number, string] => [l.range.start.line, l.command!.title])
    .sort((a, b) => a[0] - b[0]);
}

describe('Build insight: code lenses after Build Image (real engine)', function () {
  this.timeout(60_000);
  const docker = engineClient();
  const run = randomBytes(4).toString('hex');
  const labelValue = `insight-vs-${run}`;
  const tag = `lw-insight-${run}:t1`;
  const built = new Set<string>();
  let ui: CommandUi;
  const saved: Partial<CommandUi> = {};
  let dir: string;
  let uri: vscode.Uri;

  const LINES = [
    'FROM busybox:local AS tools',
    `LABEL ${TEST_LABEL}=${labelValue} stage=tools`,
    `RUN echo tools-${run} > /tools`,
    'FROM busybox:local',
    `LABEL ${TEST_LABEL}=${labelValue} stage=last`,
    'COPY --from=tools /tools /tools',
    'COPY app.txt /app.txt',
    'RUN wc -c /app.txt > /size',
  ];

  async function buildIt(): Promise<void> {
    const result = (await vscode.commands.executeCommand('layerwise.build', uri)) as { records: Array<{ imageId?: string; outcome: string }> } | undefined;
    for (const r of result?.records ?? []) if (r.imageId && r.outcome !== 'base') built.add(r.imageId);
  }

  before(async () => {
    const exports = (await vscode.extensions.getExtension('layerwise.layerwise')!.activate()) as { explorer: ExplorerApi };
    await exports.explorer.store.settled();
    assert.equal(exports.explorer.store.state.kind, 'connected');
    ui = exports.explorer.commands.ui;
    Object.assign(saved, { input: ui.input, pick: ui.pick });
    ui.input = async () => tag;
    ui.pick = async <T>(items: ReadonlyArray<{ label: string; value: T }>) => items.find((i) => i.label === 'Last stage')!.value;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the test workspace is open');
    dir = join(folder, `insight-${run}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'Dockerfile'), `${LINES.join('\n')}\n`);
    writeFileSync(join(dir, 'app.txt'), `app ${run}\n`);
    uri = vscode.Uri.file(join(dir, 'Dockerfile'));
    await vscode.window.showTextDocument(uri);
  });

  after(async () => {
    Object.assign(ui, saved);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await docker.getImage(tag).remove().catch(() => undefined);
    for (const id of [...built].reverse()) await docker.getImage(id).remove({ force: true }).catch(() => undefined);
    await removeLabelled(docker, labelValue);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows on every instruction that it ran, then that it was cached after a rebuild', async () => {
    assert.deepEqual(await insightLenses(uri), [], 'nothing before a build');
    await buildIt();
    const first = await insightLenses(uri);
    assert.deepEqual(first.map(([line]) => line), LINES.map((_, i) => i), 'one lens per instruction, on its line');
    for (const [line, title] of first) {
      if (LINES[line]!.startsWith('FROM')) assert.match(title, /^base [0-9a-f]{12} · \d+\.\d s$/);
      else assert.match(title, /^ran · \d+\.\d s · \+\d+(\.\d+)? (B|kB)$/, `line ${line + 1}`);
    }
    assert.match(first[6]![1], new RegExp(` · \\+${`app ${run}\n`.length} B$`), 'COPY app.txt added its bytes');
    assert.match(first[1]![1], / · \+0 B$/, 'LABEL added nothing');

    await buildIt();
    const second = await insightLenses(uri);
    assert.deepEqual(second.map(([line]) => line), LINES.map((_, i) => i));
    for (const [line, title] of second) if (!LINES[line]!.startsWith('FROM')) assert.match(title, /^cached · \d+\.\d s · \+\d+(\.\d+)? (B|kB)$/);
  });

  it('drops the results from an edited line down; a failing build marks the failed step and shows nothing after it', async () => {
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.fsPath, uri.fsPath);
    await editor.edit((e) => e.replace(editor.document.lineAt(6).range, 'COPY app.txt /app2.txt'));
    assert.deepEqual((await insightLenses(uri)).map(([line]) => line), [0, 1, 2, 3, 4, 5], 'the lines above the edit keep theirs');

    await editor.edit((e) => e.replace(editor.document.lineAt(7).range, 'RUN exit 3'));
    await editor.document.save();
    await buildIt();
    const failed = await insightLenses(uri);
    assert.deepEqual(failed.map(([line]) => line), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.match(failed[5]![1], /^cached /);
    assert.match(failed[6]![1], /^ran /, 'the edited COPY ran again');
    assert.match(failed[7]![1], /^failed · \d+\.\d s$/);
  });
});
