// The extension-host tests in a DESKTOP VS Code, through @vscode/test-electron — for contributors who
// have VS Code installed (the default `npm test` path uses code-server and runs offline instead; see
// scripts/run-vscode-tests.mjs). The same out/test/vscode/index.js runs the same mocha tests; the
// browser-driven UI tests (test/vscode/ui) need code-server and are not run here.
//
// Usage (after `node scripts/build.mjs && npx tsc -p .`):
//   VSCODE_EXECUTABLE_PATH=/usr/share/code/code node scripts/run-vscode-tests-electron.mjs
//     uses that VS Code (no download); on macOS, e.g.
//     "/Applications/Visual Studio Code.app/Contents/MacOS/Electron";
//   node scripts/run-vscode-tests-electron.mjs
//     without it, test-electron downloads VS Code (VSCODE_VERSION, default "stable") into .vscode-test/.
// Linux without a display: run it under `xvfb-run -a`.
// Env: LAYERWISE_TEST_GREP runs only matching tests; DOCKER_HOST selects the engine, as everywhere.
import { runTests } from '@vscode/test-electron';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const extensionTestsPath = join(root, 'out/test/vscode/index.js');
if (!existsSync(extensionTestsPath) || !existsSync(join(root, 'dist/extension.js'))) {
  console.error('build first: node scripts/build.mjs && npx tsc -p .');
  process.exit(2);
}

const state = mkdtempSync(join(tmpdir(), 'layerwise-electron-'));
const workspace = join(state, 'workspace');
cpSync(join(root, 'samples/workspace'), workspace, { recursive: true });

let exitCode = 1;
try {
  exitCode = await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
    version: process.env.VSCODE_VERSION || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath,
    // A throw-away profile: no other extension, no settings or state of the contributor's own VS Code.
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir', join(state, 'user-data'),
      '--extensions-dir', join(state, 'extensions'),
    ],
    extensionTestsEnv: process.env.LAYERWISE_TEST_GREP ? { LAYERWISE_TEST_GREP: process.env.LAYERWISE_TEST_GREP } : undefined,
  });
} catch (error) {
  // runTests rejects when VS Code exits non-zero (a failed test) or cannot be started or downloaded.
  console.error(`VS Code tests failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(state, { recursive: true, force: true });
}
process.exit(exitCode === 0 ? 0 : 1);
