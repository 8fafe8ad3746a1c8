// Destructive defaults as a user meets them in a real VS Code in a real browser: typing "prune"
// in the Command Palette finds the three prune commands, and a modal that would remove several
// containers does not remove them on Enter (its focused button shows the list instead). Only this
// test's own two stopped containers are ever offered, so a wrong default could take nothing else.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { dockerCli, TEST_LABEL } from '../../support/engine';
import { Workbench } from '../harness/workbench';

describe('Destructive defaults (browser)', function () {
  this.timeout(120_000);
  const suffix = randomBytes(4).toString('hex');
  const names = [`lw-ui-confirm-a-${suffix}`, `lw-ui-confirm-b-${suffix}`];
  let workbench: Workbench | undefined;

  const exists = (name: string): boolean => dockerCli(['container', 'inspect', name]).status === 0;

  before(async () => {
    for (const name of names) {
      const created = dockerCli(['create', '--name', name, '--label', `${TEST_LABEL}=ui-confirm-${suffix}`, 'busybox:local', 'true']);
      assert.equal(created.status, 0, created.stderr);
    }
    workbench = await Workbench.open();
    await workbench.openViewContainer('Layerwise');
    await workbench.expandView('Containers');
    await workbench.findTreeRow('Containers', names[1]!); // the engine is connected and lists them
  });

  after(async () => {
    await workbench?.close();
    for (const name of names) dockerCli(['rm', '-f', name]);
  });

  async function palette(text: string): Promise<string[]> {
    const page = workbench!.page;
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${text}`);
    await page.waitForTimeout(300);
    return page.locator('.quick-input-widget .monaco-list-row').allTextContents();
  }

  it('finds every prune command by typing "prune"', async () => {
    const rows = await palette('prune');
    for (const title of ['Layerwise: Prune Containers (Remove Stopped)...', 'Layerwise: Prune Images...', 'Layerwise: Prune Volumes...']) {
      assert.ok(rows.some((row) => row.includes(title)), `"${title}" is not offered for "prune": ${rows.join(' | ')}`);
    }
    await workbench!.page.keyboard.press('Escape');
  });

  it('does not remove several containers when Enter is pressed in the confirmation', async () => {
    const page = workbench!.page;
    const rows = await palette('Layerwise: Remove Container');
    assert.ok(rows.some((row) => row.includes('Remove Container')), rows.join(' | '));
    await page.keyboard.press('Enter');
    // The multi-select pick of containers: narrow it to this test's two, tick them, accept.
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 10_000 });
    await input.fill(suffix);
    for (const name of names) {
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name });
      await row.waitFor({ timeout: 10_000 });
      // The hover of the checkbox clicked before stays under the resting mouse and covers the next
      // row: move the mouse away, as a user does, and wait for the hover to go.
      await page.mouse.move(0, 0);
      await page.locator('.context-view .hover-contents').waitFor({ state: 'hidden', timeout: 30_000 });
      await row.locator('input[type="checkbox"], .monaco-checkbox, .quick-input-list-checkbox').first().click();
    }
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Remove 2 containers .*\?/);
    for (const name of names) assert.ok(text.includes(name), text);
    const focused = (await page.locator('.monaco-dialog-box .monaco-button:focus').first().textContent())?.trim();
    assert.equal(focused, 'Show List', 'the focused (Enter) button of a batch removal');
    await workbench!.screenshot('confirm-several');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    // The list opened, and the question waits as a notification; nothing was removed.
    await page.locator('.editor-group-container .tab', { hasText: 'Remove 2 containers' }).first().waitFor({ timeout: 10_000 });
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'Remove 2 containers' }).first().waitFor({ timeout: 10_000 });
    await workbench!.screenshot('confirm-several-list');
    for (const name of names) assert.ok(exists(name), `${name} was removed by Enter`);
  });
});
