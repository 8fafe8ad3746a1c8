// Headless Chromium from Debian (/usr/bin/chromium) driven by playwright-core: Playwright cannot
// download its own browsers here, and the distribution's build drives VS Code's web workbench fine.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.LAYERWISE_CHROMIUM || '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox', // as root, and inside containers, Chromium's sandbox cannot start
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches a fresh headless Chromium (Playwright gives it a new temporary profile each time). */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM} (Debian package "chromium"; scripts/ensure-code-server.sh installs it)`);
  // The caller handles signals and closes the browser itself (Playwright would exit the process on Ctrl-C
  // before the caller had stopped code-server and removed its temporary folders).
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
}

/**
 * No animation or transition in the workbench: the tests look at states, never at motion, and on a
 * saturated 2-core machine headless Chromium spent more CPU time than the engine's own daemon,
 * much of it repainting progress bars and blinking cursors in software. Also asked for the
 * reduced motion VS Code follows by default (`workbench.reduceMotion: auto`).
 */
const STILL = '*, *::before, *::after { animation: none !important; transition: none !important; }';
const addStillStyle = `(() => {
  const add = () => { const s = document.createElement('style'); s.textContent = ${JSON.stringify(STILL)}; document.head.appendChild(s); };
  if (document.head) add(); else document.addEventListener('DOMContentLoaded', add, { once: true });
})();`;

/** A context sized like a laptop screen, so screenshots show the whole workbench legibly. */
export async function newWorkbenchContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  await context.addInitScript(addStillStyle);
  // Playwright's 30 s defaults are a clock the workbench can lose on a busy machine (seen: the first
  // page load of a CI run beside the engine tier). Waits are for outcomes; give them room.
  context.setDefaultNavigationTimeout(180_000);
  context.setDefaultTimeout(60_000);
  return context;
}

export async function newWorkbenchPage(browser) {
  return (await newWorkbenchContext(browser)).newPage();
}
