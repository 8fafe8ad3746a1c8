// Loaded by VS Code's extension host as extensionTestsPath: runs mocha (describe/it) over every
// compiled test/vscode/**/*.test.js in this host, prints each test, and ends with exactly
// `N passed, N failed` (`, N skipped` when some were), which the rig reads from the workbench log.
//
// Output goes through console: the host forwards it to the page (window.codeAutomationLog), and the
// exit code does not come back from a browser-hosted VS Code, so that final line is the verdict.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Browser-driven tests live in ui/ and run in the rig's own Node process, not in this host. */
const NOT_HOST_TESTS = new Set(['ui']);

function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!NOT_HOST_TESTS.has(entry.name)) found.push(...testFiles(full));
    } else if (entry.name.endsWith('.test.js')) {
      found.push(full);
    }
  }
  return found;
}

/** Prints one line per test through console, and the summary line last. */
class ConsoleReporter {
  constructor(runner: Mocha.Runner) {
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    runner.on(EVENT_TEST_PASS, (test) => {
      passed++;
      console.log(`  ✔ ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_FAIL, (test, error: Error) => {
      failed++;
      console.error(`  ✘ ${test.fullTitle()}\n${indent(error.stack ?? String(error))}`);
    });
    runner.on(EVENT_TEST_PENDING, (test) => {
      skipped++;
      console.log(`  - ${test.fullTitle()} (skipped)`);
    });
    runner.once(EVENT_RUN_END, () => {
      console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    });
  }
}

function indent(text: string): string {
  return text.split('\n').map((line) => `      ${line}`).join('\n');
}

/**
 * LAYERWISE_HOST_SUITE=bench runs the editor benchmarks (out/bench/vscode/*.bench.js) in this host
 * instead of the tests: they need a real workbench too (npm run bench:editor).
 */
function suiteFiles(): string[] {
  if (process.env.LAYERWISE_HOST_SUITE !== 'bench') return testFiles(__dirname);
  const dir = path.join(__dirname, '../../bench/vscode');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort().map((f) => path.join(dir, f));
}

export async function run(): Promise<void> {
  const files = suiteFiles();
  console.log(`layerwise: ${files.length} extension-host test file(s) in VS Code ${vscode.version}`);
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: ConsoleReporter as unknown as typeof Mocha.reporters.Base,
    timeout: 180_000, // a safety net for a hung test, not a speed target: tests wait for outcomes
    color: false,
    grep: process.env.LAYERWISE_TEST_GREP || undefined,
  });
  for (const file of files) mocha.addFile(file);
  try {
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
  } catch (error) {
    // A test file that throws while loading never reaches the reporter: count it as a failure.
    if (!(error instanceof Error && /extension-host test\(s\) failed$/.test(error.message))) {
      console.error(`layerwise: the extension-host tests could not run: ${error instanceof Error ? error.stack : String(error)}`);
      console.log('0 passed, 1 failed');
    }
    throw error;
  }
}
