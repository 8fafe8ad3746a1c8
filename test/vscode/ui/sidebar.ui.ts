// The Layerwise sidebar in a real VS Code in a real browser: the activity-bar icon opens it, and the
// Containers, Images and Volumes trees list what the engine has — objects this test creates itself
// (labelled, removed afterwards), so the expected names come from the engine, not from a fixture.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { dockerCli, engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';
import { Workbench } from '../harness/workbench';

function docker(args: string[]): string {
  const result = dockerCli(args);
  assert.equal(result.status, 0, `docker ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

describe('Layerwise sidebar (browser)', function () {
  this.timeout(300_000); // a hang guard: each step waits for its own outcome
  const suffix = randomBytes(4).toString('hex');
  const container = `layerwise-ui-${suffix}`;
  const volume = `layerwise-ui-vol-${suffix}`;
  const repository = `layerwise-ui-image-${suffix}`;
  const label = `${TEST_LABEL}=ui-${suffix}`; // this run's own: another suite's clean-up never takes these
  let workbench: Workbench | undefined;

  before(async () => {
    docker(['volume', 'create', '--label', label, volume]);
    docker(['run', '-d', '--name', container, '--label', label, '-v', `${volume}:/data`, 'busybox:local', 'sleep', '600']);
    docker(['tag', 'busybox:local', `${repository}:v1`]);
    workbench = await Workbench.open();
  });

  after(async () => {
    await workbench?.screenshot('sidebar');
    await workbench?.close();
    // Exactly what this test created (by its label; the tag of busybox:local by name); other tests share the engine.
    await removeLabelled(engineClient(), `ui-${suffix}`);
    dockerCli(['rmi', `${repository}:v1`]);
  });

  it('opens from its activity-bar icon, with Containers, Images and Volumes views', async () => {
    await workbench!.openViewContainer('Layerwise');
    for (const title of ['Containers', 'Images', 'Volumes']) {
      await workbench!.view(title).waitFor({ timeout: 30_000 });
    }
  });

  it('lists the running container in the Containers view', async () => {
    await workbench!.expandView('Containers');
    const row = await workbench!.findTreeRow('Containers', container);
    assert.match(row, new RegExp(container));
  });

  it('lists the tagged image in the Images view', async () => {
    await workbench!.expandView('Images');
    await workbench!.findTreeRow('Images', repository);
  });

  it('lists the volume in the Volumes view', async () => {
    await workbench!.expandView('Volumes');
    await workbench!.findTreeRow('Volumes', volume);
  });
});
