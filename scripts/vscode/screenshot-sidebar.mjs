// Opens a running Layerwise (e.g. `npm start`) in headless Chromium, clicks the Layerwise icon in
// the activity bar, waits for the views to fill, and saves a screenshot (the README's picture).
// Usage: node scripts/vscode/screenshot-sidebar.mjs [URL] [OUT.png] [FILE-TO-OPEN]
//        (defaults: http://127.0.0.1:8080/, media/screenshot-sidebar.png, Dockerfile)
import { launchChromium, newWorkbenchPage } from './browser.mjs';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/';
const out = process.argv[3] ?? new URL('../../media/screenshot-sidebar.png', import.meta.url).pathname;
const file = process.argv[4] ?? 'Dockerfile';

const browser = await launchChromium();
try {
  const page = await newWorkbenchPage(browser);
  await page.goto(url);
  const icon = page.locator('.activitybar a.action-label[aria-label="Layerwise"]');
  await icon.waitFor({ timeout: 60_000 });
  await icon.click();
  await page.locator('.sidebar .pane-header[aria-label^="Containers Section"]').waitFor({ timeout: 30_000 });
  // Wait until every expanded view shows rows or its welcome message (or 20 s pass).
  await page.waitForFunction(() => {
    const bodies = [...document.querySelectorAll('.sidebar .pane .pane-body')].filter((b) => b.offsetHeight > 0);
    return bodies.length > 0 && bodies.every((b) => b.querySelector('.monaco-list-row, .welcome-view-content:not(:empty)'));
  }, null, { timeout: 20_000 }).catch(() => console.error('screenshot: some views were still empty after 20 s'));
  // Widen the side bar (drag its edge, as a user would) so names and details are not cut off.
  const box = await page.locator('.part.sidebar').boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width + 1, box.y + 300);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width + 160, box.y + 300, { steps: 8 });
    await page.mouse.up();
  }
  if (file) { // beside the sidebar, a file with its diagnostics, opened as a user does (Quick Open)
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill(file);
    await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.editor-group-container .tab').first().waitFor({ timeout: 10_000 });
  }
  await page.mouse.move(700, 880); // no hover tooltip in the picture
  await page.waitForTimeout(1500); // diagnostics, icons and badges settle
  await page.screenshot({ path: out });
  console.log(out);
} finally {
  await browser.close();
}
