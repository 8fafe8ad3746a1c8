// The Run prompt remembers, in a real extension host over the real engine: the image's EXPOSEd
// ports are offered as -p, the last line is kept per image (workspace state), a line that failed
// comes back to edit, and when the container was created but would not start the user is told a
// Created container was left and can remove it.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExplorerApi } from '../../../src/explorer/register';
import type { CommandUi } from '../../../src/commands/ui';
import { dockerCli, engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';

const EXTENSION_ID = 'layerwise.layerwise';

describe('Layerwise Run prompt (real engine)', function () {
  this.timeout(90_000);
  const docker = engineClient();
  const run = randomBytes(4).toString('hex');
  const label = `${TEST_LABEL}=runprompt-${run}`;
  const image = `lw-runprompt-${run}:t1`;
  let imageId: string;
  let api: ExplorerApi;
  let ui: CommandUi;
  const saved: Partial<CommandUi> = {};
  const inputs: vscode.InputBoxOptions[] = [];
  const notices: Array<{ severity: string; message: string; actions: string[] }> = [];
  const reports: string[] = [];

  /** Answers the run line boxes in order, recording what each offered. */
  function answerInputs(...answers: Array<string | undefined>): void {
    ui.input = async (options) => {
      inputs.push(options);
      return answers.shift();
    };
  }

  function answerNotices(...answers: Array<string | undefined>): void {
    ui.notify = async (severity, message, ...actions) => {
      notices.push({ severity, message, actions });
      return answers.shift();
    };
  }

  const runImage = (): Thenable<unknown> => vscode.commands.executeCommand('layerwise.images.run', { target: { kind: 'image', id: imageId, name: image } });

  before(async () => {
    const exports = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { explorer: ExplorerApi };
    api = exports.explorer;
    await api.store.settled();
    ui = api.commands.ui;
    Object.assign(saved, { input: ui.input, notify: ui.notify, report: ui.report });
    ui.report = (message) => void reports.push(message);
    const built = dockerCli(['build', '-q', '-t', image, '--label', label, '-'], { input: 'FROM busybox:local\nEXPOSE 8080 53/udp\n' });
    assert.equal(built.status, 0, built.stderr);
    imageId = built.stdout.trim();
  });

  beforeEach(() => {
    inputs.length = 0;
    notices.length = 0;
  });

  after(async () => {
    Object.assign(ui, saved);
    await api.commands.memory.forget('run', image);
    await removeLabelled(docker, `runprompt-${run}`);
  });

  it('offers the EXPOSEd ports as -p, keeps a failed line to edit, and remembers the last line for the image', async () => {
    const failing = `-d --name lw-runprompt-a-${run} -l ${label} ${image} no-such-command-${run}`;
    const working = `-d --name lw-runprompt-b-${run} -l ${label} ${image} sleep 60`;
    answerInputs(failing, working);
    answerNotices('Edit Run Line');
    const id = (await runImage()) as string;

    const [first, second] = inputs.splice(0);
    assert.equal(first!.value, `-d --rm -p 53:53/udp -p 8080:8080 ${image}`);
    assert.match(first!.prompt!, /EXPOSEs 53\/udp, 8080\/tcp/);
    assert.equal(first!.validateInput?.(`-p 99999:8080 ${image}`), 'invalid hostPort: 99999 (ports are 1-65535, a range is start-end)');
    assert.equal(first!.validateInput?.(first!.value!), undefined);

    const [notice] = notices.splice(0);
    assert.equal(notice!.severity, 'error');
    assert.match(notice!.message, new RegExp(`lw-runprompt-a-${run} was created but could not start: .*no-such-command-${run}.*left behind in the Created state`));
    assert.deepEqual(notice!.actions, ['Remove Container', 'Edit Run Line']);
    assert.equal(second!.value, failing, 'the failed line comes back to edit');
    assert.match(second!.prompt!, /^Could not run: /);

    assert.equal((await docker.getContainer(id).inspect()).State.Running, true);
    assert.equal((await docker.getContainer(`lw-runprompt-a-${run}`).inspect()).State.Status, 'created', 'kept: the user chose to edit');
    assert.match(reports.at(-1)!, new RegExp(`^Started lw-runprompt-b-${run} from ${image}`));

    answerInputs(undefined);
    await runImage();
    assert.equal(inputs.splice(0)[0]!.value, working, 'the last line for this image');
    assert.equal(api.commands.memory.get('run', image), working);
  });

  it('says a Created container was left when the start failed, and removes it when asked', async () => {
    const name = `lw-runprompt-c-${run}`;
    answerInputs(`-d --name ${name} -l ${label} ${image} no-such-command-${run}`);
    answerNotices('Remove Container');
    await runImage();
    assert.match(notices.splice(0)[0]!.message, new RegExp(`${name} was created but could not start`));
    await assert.rejects(docker.getContainer(name).inspect(), 'the Created container is gone');
    assert.equal(reports.at(-1), `Removed the Created container ${name}`);
  });

  it('says nothing was left when --rm took the container that would not start, and keeps the line', async () => {
    const line = `-d --rm --name lw-runprompt-d-${run} -l ${label} ${image} no-such-command-${run}`;
    answerInputs(line);
    answerNotices(undefined);
    await runImage();
    const [notice] = notices.splice(0);
    assert.match(notice!.message, new RegExp(`^Layerwise: could not run ${image}: `));
    assert.deepEqual(notice!.actions, ['Edit Run Line']);
    assert.equal(api.commands.memory.get('run', image), line, 'kept for next time even though it failed');
    inputs.splice(0);
  });
});
