// Starts and stops a code-server (a real VS Code served to a browser) for the test rig and for
// `npm start`. The set-up itself is scripts/ensure-code-server.sh.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const scripts = new URL('..', import.meta.url).pathname;

/** Runs ensure-code-server.sh (instant once cached) and returns code-server's directory. */
export function ensureCodeServer() {
  const result = spawnSync('bash', [join(scripts, 'ensure-code-server.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const dir = result.stdout.trim().split('\n').pop();
  if (result.status !== 0 || !dir) throw new Error(`code-server could not be set up (ensure-code-server.sh exited ${result.status})`);
  return dir;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server in the background with its own state under `stateDir` (user data, extensions,
 * config), so nothing of the user's own VS Code or code-server is read or changed.
 * Resolves when it answers HTTP; `stop()` ends it (and its extension hosts).
 */
export async function startCodeServer({ dir, folder, stateDir, port, host = '127.0.0.1', extensionsDir, log = process.stderr, env = {} }) {
  const userDataDir = join(stateDir, 'user-data');
  extensionsDir ??= join(stateDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  // No welcome page or prompts over what the tests look at.
  copyFileSync(join(scripts, 'vscode/user-settings.json'), join(userDataDir, 'User/settings.json'));
  mkdirSync(extensionsDir, { recursive: true });
  const args = [
    join(dir, 'out/node/entry.js'),
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry', '--disable-workspace-trust', '--disable-update-check', '--disable-getting-started-override',
    '--config', join(stateDir, 'config.yaml'),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (folder) args.push(folder);
  // detached: its own process group, so stop() also ends the extension hosts and language servers it spawned.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CONFIG_HOME: join(stateDir, 'config'), XDG_DATA_HOME: join(stateDir, 'data'), ...env },
  });
  child.stdout.on('data', (chunk) => log.write?.(chunk));
  child.stderr.on('data', (chunk) => log.write?.(chunk));
  let exited = null;
  // Whatever way this process ends (short of SIGKILL), the server and its hosts end with it.
  const killOnExit = () => stopGroup(child);
  process.once('exit', killOnExit);
  child.once('exit', (code, signal) => { exited = { code, signal }; process.off('exit', killOnExit); });

  const url = `http://${host}:${port}`;
  const deadline = Date.now() + 120_000; // generous: a busy machine starts it slowly
  for (;;) {
    if (exited) throw new Error(`code-server exited while starting (code ${exited.code}, signal ${exited.signal})`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      stopGroup(child);
      throw new Error('code-server did not answer within 120 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    process: child,
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      stopGroup(child, 'SIGTERM');
      const timer = setTimeout(() => stopGroup(child, 'SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

function stopGroup(child, signal = 'SIGKILL') {
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}

/**
 * The workbench URL that opens `folder` with the extension at `extensionDevelopmentPath` loaded as
 * under development and, if given, runs the tests module at `extensionTestsPath` in its host.
 */
export function workbenchUrl(base, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const { host } = new URL(base);
  const remote = (path) => `vscode-remote://${host}${path}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  const query = new URLSearchParams();
  if (folder) query.set('folder', folder);
  query.set('payload', JSON.stringify(payload));
  return `${base}/?${query}`;
}
