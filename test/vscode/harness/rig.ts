// What the VS Code rig (scripts/run-vscode-tests.mjs) hands to the browser-driven UI tests in
// test/vscode/ui/: those run in the rig's own Node process, next to the code-server it started.
import type { Browser, BrowserContext } from 'playwright-core';

export interface Rig {
  /** A headless Chromium, shared; each test opens its own context. */
  browser: Browser;
  /** A new context on that browser as every workbench page gets it (size, no animations, timeouts). */
  newContext: () => Promise<BrowserContext>;
  /** The workbench URL: the workspace copy opened, the extension under development loaded. */
  workbenchUrl: string;
  /** The workspace copy that URL opens (a fresh copy of samples/workspace). */
  workspace: string;
  /** Where screenshots go (test-results/screenshots). */
  screenshotDir: string;
}

let current: Rig | undefined;

export function setRig(rig: Rig): void {
  current = rig;
}

export function rig(): Rig {
  if (!current) throw new Error('UI tests run only under scripts/run-vscode-tests.mjs (no rig was set up)');
  return current;
}
