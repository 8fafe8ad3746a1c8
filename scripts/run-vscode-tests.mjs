// The VS Code test tier, in a real VS Code (code-server) driven by a real headless Chromium:
//  1. extension-host tests: the workbench is opened with the extension from this checkout under
//     development and extensionTestsPath = out/test/vscode/index.js, which runs mocha over
//     out/test/vscode/**/*.test.js inside the extension host; its output reaches this process through
//     the page (window.codeAutomationLog) and ends with `N passed, N failed`;
//  2. UI tests: out/test/vscode/ui/**/*.ui.js run here under mocha and drive a second workbench page
//     with Playwright (clicks, keys, what the DOM shows), saving screenshots in test-results/screenshots.
// Everything it starts (code-server, Chromium, temporary folders) is stopped and removed at the end.
//
// Usage: node scripts/run-vscode-tests.mjs [host] [ui]   (default: both)
// Env:   LAYERWISE_TEST_GREP       only tests whose full title matches (both phases)
//        LAYERWISE_VSCODE_TIMEOUT  seconds for the whole run (default 1500)
//        LAYERWISE_HOST_TIMEOUT    seconds for the extension-host phase to report (default 900)
//        LAYERWISE_KEEP_STATE=1    keep the temporary user data and workspace copies (path printed)
// Prints as its LAST line exactly `N passed, N failed` (`, N skipped` when some were); exits non-zero
// on any failure, when a phase never reported, or when a phase ran no test (without a grep).
import { createRequire } from 'node:module';
import { createWriteStream, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, freePort, startCodeServer, workbenchUrl } from './vscode/code-server.mjs';
import { launchChromium, newWorkbenchContext, newWorkbenchPage } from './vscode/browser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const require = createRequire(import.meta.url);
const SUMMARY = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;
const results = join(root, 'test-results');
const screenshotDir = join(results, 'screenshots');
const timeoutSeconds = Number(process.env.LAYERWISE_VSCODE_TIMEOUT) || 1500;
const hostTimeoutSeconds = Number(process.env.LAYERWISE_HOST_TIMEOUT) || 900;
const grep = process.env.LAYERWISE_TEST_GREP || undefined;
const phases = process.argv.slice(2).filter((a) => a === 'host' || a === 'ui');
const wanted = phases.length ? phases : ['host', 'ui'];

const totals = { passed: 0, failed: 0, skipped: 0 };
const cleanups = []; // run last-in first-out
let finishing = false;

function say(line) { process.stdout.write(`${line}\n`); }
function summaryLine({ passed, failed, skipped }) { return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`; }

async function cleanUp() {
  while (cleanups.length) {
    const step = cleanups.pop();
    try { await step(); } catch (error) { console.error(`clean-up: ${error.message}`); }
  }
}

async function finish(problem) {
  if (finishing) return;
  finishing = true;
  if (problem) { console.error(`vscode tier: ${problem}`); totals.failed++; }
  await cleanUp();
  if (totals.passed + totals.failed + totals.skipped === 0) { console.error('vscode tier: no test ran'); totals.failed++; }
  say(summaryLine(totals));
  process.exit(totals.failed > 0 ? 1 : 0);
}

process.on('SIGINT', () => finish('interrupted'));
process.on('SIGTERM', () => finish('terminated'));
// A stray rejection (a UI test's un-awaited promise, say) fails the run but must not cut it short.
process.on('unhandledRejection', (error) => { console.error(`vscode tier: unhandled rejection: ${error?.stack ?? error}`); totals.failed++; });
setTimeout(() => finish(`timed out after ${timeoutSeconds} s (LAYERWISE_VSCODE_TIMEOUT)`), timeoutSeconds * 1000).unref();

function freshWorkspace(stateDir, name) {
  const folder = join(stateDir, name);
  cpSync(join(root, 'samples/workspace'), folder, { recursive: true });
  return folder;
}

function files(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(suffix)).sort().map((f) => join(dir, f));
}

/** Phase 1: mocha inside the extension host; resolves with its counts read from the page log. */
async function runHostTests(browser, server, stateDir) {
  const folder = freshWorkspace(stateDir, 'host-workspace');
  const page = await newWorkbenchPage(browser);
  const log = createWriteStream(join(results, 'vscode-host.log'));
  cleanups.push(() => new Promise((resolve) => log.end(resolve)));
  let echoing = false;
  let report = null;
  let exitCode = null;
  let resolve;
  const outcome = new Promise((r) => { resolve = r; });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    log.write(`[${type}] ${text}\n`);
    if (/^layerwise: \d+ extension-host test file/.test(text)) echoing = true;
    if (!echoing) return;
    const m = text.match(SUMMARY);
    if (m) {
      report = { passed: +m[1], failed: +m[2], skipped: +(m[3] ?? 0) };
      say(`extension host: ${text}`);
      echoing = false;
      setTimeout(resolve, 500); // let the exit code arrive too, if it does
    } else {
      say(text);
    }
  });
  // Not every code-server build calls it; the summary line above is the verdict either way.
  await page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; log.write(`[exit] ${code}\n`); setTimeout(resolve, 500); });
  page.on('pageerror', (error) => log.write(`[pageerror] ${error.message}\n`));
  page.on('crash', () => { log.write('[crash]\n'); resolve(); });
  server.process.once('exit', () => resolve());
  const url = workbenchUrl(server.url, {
    folder,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/test/vscode/index.js'),
  });
  await page.goto(url);
  const timer = setTimeout(() => {
    console.error(`vscode tier: the extension-host tests did not finish within ${hostTimeoutSeconds} s (LAYERWISE_HOST_TIMEOUT)`);
    resolve();
  }, hostTimeoutSeconds * 1000);
  await outcome;
  clearTimeout(timer);
  await page.screenshot({ path: join(screenshotDir, 'extension-host-tests.png') }).catch(() => undefined);
  await page.context().close();
  if (!report) {
    console.error(`vscode tier: the extension-host tests never reported a result (log: ${join(results, 'vscode-host.log')})`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  if (exitCode && report.failed === 0) {
    console.error(`vscode tier: the extension host exited with code ${exitCode} after reporting no failure`);
    report.failed = 1;
  }
  return report;
}

/** Phase 2: the UI tests, under mocha in this process, each driving its own workbench page. */
async function runUiTests(browser, server, stateDir) {
  const uiFiles = files(join(root, 'out/test/vscode/ui'), '.ui.js');
  if (uiFiles.length === 0) {
    console.error('vscode tier: no UI tests found in out/test/vscode/ui');
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const workspace = freshWorkspace(stateDir, 'ui-workspace');
  const { setRig } = require(join(root, 'out/test/vscode/harness/rig.js'));
  setRig({ browser, newContext: () => newWorkbenchContext(browser), workspace, screenshotDir, workbenchUrl: workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: root }) });
  const Mocha = require('mocha');
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 300_000, color: false, grep });
  for (const file of uiFiles) mocha.addFile(file);
  const counts = { passed: 0, failed: 0, skipped: 0 };
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => counts.passed++);
    runner.on('fail', () => counts.failed++);
    runner.on('pending', () => counts.skipped++);
  });
  say(`ui: ${summaryLine(counts)}`);
  return counts;
}

async function main() {
  for (const built of ['dist/extension.js', 'out/test/vscode/index.js']) {
    if (!existsSync(join(root, built))) {
      await finish(`${built} is missing: build first (node scripts/build.mjs && npx tsc -p .; npm test does both)`);
      return;
    }
  }
  mkdirSync(screenshotDir, { recursive: true });
  for (const old of files(screenshotDir, '.png')) rmSync(old);

  const dir = ensureCodeServer();
  const stateDir = mkdtempSync(join(tmpdir(), 'layerwise-vscode-'));
  cleanups.push(() => {
    if (process.env.LAYERWISE_KEEP_STATE) console.error(`vscode tier: state kept in ${stateDir}`);
    else rmSync(stateDir, { recursive: true, force: true });
  });
  const serverLog = createWriteStream(join(results, 'code-server.log'));
  cleanups.push(() => new Promise((resolve) => serverLog.end(resolve)));
  const started = Date.now();
  const server = await startCodeServer({ dir, stateDir, port: await freePort(), log: serverLog });
  cleanups.push(() => server.stop());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  console.error(`vscode tier: code-server ${server.url} and Chromium ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  for (const phase of wanted) {
    const t0 = Date.now();
    const counts = phase === 'host' ? await runHostTests(browser, server, stateDir) : await runUiTests(browser, server, stateDir);
    console.error(`vscode tier: ${phase} phase took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // A phase that ran nothing proves nothing (a test file that no longer loads, a grep that
    // matches no title): it fails, unless a LAYERWISE_TEST_GREP aimed at the other phase.
    if (counts.passed + counts.failed + counts.skipped === 0 && !grep) {
      console.error(`vscode tier: the ${phase} phase ran no test`);
      counts.failed++;
    }
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
  }
  await finish();
}

main().catch((error) => finish(error?.message ?? String(error)));
