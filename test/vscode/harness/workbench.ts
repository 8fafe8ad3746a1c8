// Drives VS Code's web workbench the way a user does (clicks, keys), and reads what it shows.
// Selectors are the workbench's own DOM (1.100): pane headers carry `aria-label="<View> Section"`,
// tree rows are `.monaco-list-row`, and the Problems panel rows carry the marker's code and line.
import * as path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { rig } from './rig';

export interface ProblemRow {
  text: string;
  code: string;
  source: string;
  line: number;
}

export class Workbench {
  private constructor(private readonly context: BrowserContext, readonly page: Page) {}

  /** Opens a fresh browser context on the rig's workbench and waits until it is usable. */
  static async open(): Promise<Workbench> {
    const { newContext, workbenchUrl } = rig();
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(workbenchUrl);
    await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 60_000 });
    return new Workbench(context, page);
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /** Clicks a view container's icon in the activity bar (e.g. "Layerwise") unless already open. */
  async openViewContainer(title: string): Promise<void> {
    const icon = this.page.locator(`.activitybar a.action-label[aria-label="${title}"]`);
    await icon.waitFor({ timeout: 30_000 });
    const item = this.page.locator('.activitybar li.action-item', { has: this.page.locator(`a.action-label[aria-label="${title}"]`) });
    if ((await item.getAttribute('aria-selected')) !== 'true') await icon.click();
    await this.page.locator(`.sidebar .composite.title h2[title="${title}"], .sidebar .composite.title h2:text-is("${title}")`).first()
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined); // the title's form changes between VS Code versions; the views below are what count
  }

  /** The pane of a view in the open side bar, by its title (e.g. "Containers"). */
  view(title: string): Locator {
    return this.page.locator('.sidebar .pane', { has: this.page.locator(`.pane-header[aria-label^="${title} Section"]`) });
  }

  /** Expands a view's pane if it is collapsed. */
  async expandView(title: string): Promise<void> {
    const header = this.page.locator(`.sidebar .pane-header[aria-label^="${title} Section"]`);
    await header.waitFor({ timeout: 30_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  }

  /**
   * Waits until a view shows a tree row whose text contains `text`, scrolling through the tree
   * (rows are virtualised: only those on screen exist in the DOM). Returns the row's text.
   */
  async findTreeRow(viewTitle: string, text: string, timeoutMs = 30_000): Promise<string> {
    const view = this.view(viewTitle);
    const deadline = Date.now() + timeoutMs;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = [];
      const list = view.locator('.monaco-list').first();
      if (await list.isVisible()) { // hidden while the view has no data provider, or shows its welcome
        await list.hover();
        await this.page.mouse.wheel(0, -1_000_000); // back to the top
        for (let page = 0; page < 100; page++) {
          const rows = await view.locator('.monaco-list-row').allTextContents();
          const hit = rows.find((row) => row.includes(text));
          if (hit !== undefined) return hit;
          const fresh = rows.filter((row) => !seen.includes(row));
          seen.push(...fresh);
          if (fresh.length === 0) break;
          await this.page.mouse.wheel(0, 300);
          await this.page.waitForTimeout(50);
        }
      }
      await this.page.waitForTimeout(500);
    }
    const shown = seen.length ? seen.slice(0, 20).join(' | ') : (await view.innerText().catch(() => '(view not found)')).replace(/\s+/g, ' ');
    throw new Error(`the ${viewTitle} view shows no row containing "${text}" after ${timeoutMs / 1000} s; it shows: ${shown}`);
  }

  /** Opens a workspace file the way a user does: Quick Open (Ctrl+P), its name, Enter. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 30_000 });
    await input.fill(relativePath);
    const name = path.basename(relativePath);
    // Quick Open lists a file once VS Code's file search (a separate process) has answered: seen
    // taking more than 30 s on a machine at load 30. Waiting longer changes when, never what.
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 120_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.editor-group-container .tab[aria-label^="${name}"]`).first().waitFor({ timeout: 30_000 });
  }

  /** Opens the Problems panel (Ctrl+Shift+M). */
  async openProblems(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor({ timeout: 30_000 });
  }

  /** The problems the Problems panel lists now (the file rows left out). */
  async problems(): Promise<ProblemRow[]> {
    const rows = this.page.locator('.markers-panel .monaco-list-row:has(.marker-message)');
    const found: ProblemRow[] = [];
    for (const row of await rows.all()) {
      const text = (await row.textContent()) ?? '';
      const code = (await row.locator('.marker-code').textContent().catch(() => null)) ?? '';
      const source = (await row.locator('.marker-source').textContent().catch(() => null)) ?? '';
      const line = Number((text.match(/\[Ln (\d+), Col \d+\]/) ?? [])[1] ?? 0);
      found.push({ text, code: code.trim(), source: source.trim(), line });
    }
    return found;
  }

  /** Saves a screenshot of the whole workbench as test-results/screenshots/<name>.png. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(rig().screenshotDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}
