// Runs every test tier and prints one summary: `N passed, N failed, N skipped`.
// Usage: node scripts/test.mjs [unit] [engine] [vscode]   (default: all three)
// Env:   CI                          any value but "", "false" or "0": nothing may skip (see below)
//        LAYERWISE_TEST_CONCURRENCY  engine-tier files run at once (default 4; 1 = one after another)
//        LAYERWISE_FILE_TIMEOUT      seconds one test file may take before it is stopped (default 2700)
//        LAYERWISE_OVERLAP_TIERS=0   run the VS Code tier after the engine tier instead of beside it
//
// What it does, in order, overlapping what can overlap:
//  - in the background from the start: every Debian package the tiers need, in one apt-get call
//    (scripts/ensure-packages.sh), while npm ci (when needed), the build and the unit tier run;
//  - code-server for the VS Code tier (scripts/ensure-code-server.sh, cached per version), in the
//    background as soon as the packages are there; the engine (scripts/ensure-engine.sh);
//  - the engine tier's files in parallel (each file in its own process; a file's output is printed
//    whole when it ends), except the files of a SERIAL_GROUPS folder, which run one after another
//    because they share state on the engine (see SERIAL_GROUPS);
//  - the VS Code tier (scripts/run-vscode-tests.mjs) beside the engine tier, as soon as
//    code-server is ready (both only touch their own labelled objects on the shared engine).
//
// A tier fails when a test failed, when a test file crashed or ran no test, when the tier ran no
// test at all, and, under CI, when any test skipped: CI must prove everything, and the scripts
// install whatever a test needs. Outside CI the skips are listed with their reasons.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

/** As test/support/requirements.ts reads it: CI=1, CI=yes, CI=true all mean CI. */
const ci = ((v) => v !== '' && v !== 'false' && v !== '0')((process.env.CI ?? '').trim().toLowerCase());
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const tiers = wanted.length ? wanted : ['unit', 'engine', 'vscode'];
for (const t of tiers) if (!['unit', 'engine', 'vscode'].includes(t)) { console.error(`unknown tier "${t}" (unit | engine | vscode)`); process.exit(2); }
const concurrency = Math.max(1, Number(process.env.LAYERWISE_TEST_CONCURRENCY) || 4);
// A hang guard, not a speed target: seen on a machine at load 39 (2 cores), the explain fixtures
// took over 15 min. CI itself allows 90 min for the whole run.
const fileTimeoutMs = (Number(process.env.LAYERWISE_FILE_TIMEOUT) || 2700) * 1000;

/**
 * Folders whose test files must not run beside each other (they still run beside other folders).
 * None today: every engine test labels what it builds with a value of its own (a run id, a pid) and
 * removes only that, so any file can run beside any other.
 */
const SERIAL_GROUPS = [];
/** Started first, so that the longest files do not start last (the tier's wall time is its longest lane). */
const SLOW_FIRST = ['engine/cache/cache.', 'engine/explain/explain.', 'engine/lint/fixesBuild.', 'engine/operations/build.', 'engine/explain/', 'engine/cache/', 'engine/lint/', 'engine/operations/'];

const results = [];
const children = new Set();
const startedAt = Date.now();
rmSync('test-results/tap', { recursive: true, force: true });
mkdirSync('test-results/tap', { recursive: true });

function step(title) { console.log(`\n=== ${title} (${((Date.now() - startedAt) / 1000).toFixed(0)} s) ===`); }

/**
 * Runs a program (argv array, never a shell). `log`: a file for its output (a background job);
 * `echo`: also print it as it comes; `capture`: keep stdout. Resolves with status, output, seconds.
 */
function run(command, args, { env = {}, log, echo = !log, capture = false, timeoutMs } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(child);
    const file = log ? createWriteStream(log) : undefined;
    let stdout = '';
    let output = '';
    const take = (stream, chunk) => {
      const text = chunk.toString();
      if (capture && stream === 'stdout') stdout += text;
      output += text;
      file?.write(text);
      if (echo) (stream === 'stdout' ? process.stdout : process.stderr).write(text);
    };
    child.stdout.on('data', (c) => take('stdout', c));
    child.stderr.on('data', (c) => take('stderr', c));
    let timedOut = false;
    const timer = timeoutMs ? setTimeout(() => { timedOut = true; kill(child); }, timeoutMs) : undefined;
    const done = (status) => {
      clearTimeout(timer);
      children.delete(child);
      file?.end();
      resolve({ status: timedOut ? 124 : status ?? 1, stdout, output, timedOut, seconds: (Date.now() - started) / 1000 });
    };
    child.on('error', (error) => { output += `${error.message}\n`; done(127); });
    child.on('close', done);
  });
}

/** Ends a child and everything it started (its own process group). */
function kill(child) {
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) kill(child);
    console.error(`\ninterrupted (${signal})`);
    process.exit(130);
  });
}

/** A background job: started now, awaited later; its output goes to test-results/<name>.log. */
function background(name, command, args, options = {}) {
  const log = `test-results/${name}.log`;
  console.log(`(${name} runs in the background; log: ${log})`);
  return run(command, args, { ...options, log });
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

/** The counts node:test's TAP reporter ends a file with, and the skipped tests with their reasons. */
function readTap(tapFile) {
  if (!existsSync(tapFile)) return undefined;
  const tap = readFileSync(tapFile, 'utf8');
  const read = (key) => Number((tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const skips = [...tap.matchAll(/^\s*ok \d+ - (.*?) # (?:SKIP|TODO)\b ?(.*)$/gm)].map((m) => `${m[1]}${m[2] ? ` (${m[2]})` : ''}`);
  return { tests: read('tests'), passed: read('pass'), failed: read('fail') + read('cancelled'), skipped: read('skipped') + read('todo'), skips };
}

/** One test file in its own `node --test` process; its spec output is kept and printed whole. */
async function runFile(file, env) {
  const name = relative('out/test', file);
  const tapFile = join('test-results/tap', name.replace(/\.js$/, '.tap'));
  mkdirSync(dirname(tapFile), { recursive: true });
  const r = await run(process.execPath, [
    '--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, file,
  ], { env, echo: false, timeoutMs: fileTimeoutMs });
  const c = readTap(tapFile) ?? { tests: 0, passed: 0, failed: 0, skipped: 0, skips: [] };
  // A file that defines no test is reported by node:test as one passing "test" named after the
  // file's path (and a file that throws while loading, as one failing): not a test that ran.
  const fileItself = new RegExp(`^(?:not )?ok \\d+ - ${escapeRegExp(resolve(file))}$`, 'm');
  const tapText = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  if (fileItself.test(tapText) && !/^\s+(?:not )?ok \d+ - /m.test(tapText) && c.failed === 0) { c.passed = 0; c.tests = 0; }
  const problems = [];
  if (r.timedOut) problems.push(`stopped after ${fileTimeoutMs / 1000} s (LAYERWISE_FILE_TIMEOUT)`);
  if (r.status !== 0 && c.failed === 0) problems.push(`exited with ${r.status} outside any test`);
  if (c.tests === 0) problems.push('ran no test');
  if (problems.length) c.failed += 1; // one broken file, however many ways it broke
  const verdict = `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
  console.log(`\n--- ${name}: ${verdict} (${r.seconds.toFixed(1)} s)${problems.length ? ` — ${problems.join('; ')}` : ''}`);
  process.stdout.write(r.output.replace(/\n*$/, '\n'));
  return { name, ...c, seconds: r.seconds };
}

/** The files grouped into lanes: one lane per SERIAL_GROUPS folder, one per other file; slow ones first. */
function lanes(files) {
  const byKey = new Map();
  for (const file of files) {
    const name = relative('out/test', file);
    const key = SERIAL_GROUPS.find((g) => name.startsWith(g)) ?? name;
    byKey.set(key, [...(byKey.get(key) ?? []), file]);
  }
  const rank = (key) => { const i = SLOW_FIRST.findIndex((p) => key.startsWith(p)); return i < 0 ? SLOW_FIRST.length : i; };
  return [...byKey.entries()].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0])).map(([, lane]) => lane);
}

async function nodeTestTier(tier, { env = {}, parallel }) {
  const files = testFiles(`out/test/${tier}`);
  const started = Date.now();
  const queue = lanes(files);
  const fileResults = [];
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const file of lane) fileResults.push(await runFile(file, env));
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length || 1) }, worker));
  const sum = (key) => fileResults.reduce((n, r) => n + r[key], 0);
  const tally = { tier, passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped'), seconds: (Date.now() - started) / 1000, files: fileResults };
  if (files.length === 0) { tally.failed++; tally.note = 'no test files found'; }
  finishTier(tally, fileResults.flatMap((r) => r.skips.map((s) => `${r.name}: ${s}`)));
}

/** Applies the rules every tier shares: nothing ran is a failure; under CI, so is any skip. */
function finishTier(tally, skips = []) {
  if (tally.passed + tally.failed + tally.skipped === 0) { tally.failed++; tally.note = 'ran no test'; }
  if (tally.skipped > 0 && ci) {
    tally.failed++;
    tally.note = `${tally.skipped} skipped under CI, which must run everything`;
  }
  if (skips.length) console.log(`\n${tally.tier}: skipped (${ci ? 'not allowed under CI' : 'say what is missing'}):\n${skips.map((s) => `  - ${s}`).join('\n')}`);
  results.push(tally);
}

function tierCannotRun(tier, why) {
  if (ci) results.push({ tier, passed: 0, failed: 1, skipped: 0, seconds: 0, note: `cannot run: ${why}` });
  else results.push({ tier, passed: 0, failed: 0, skipped: 1, seconds: 0, note: `SKIPPED: ${why}` });
  console.error(`${tier} tier ${ci ? 'cannot run' : 'SKIPPED'}: ${why}`);
}

async function main() {
  const needsEngine = tiers.includes('engine') || tiers.includes('vscode');
  const packages = needsEngine
    ? background('packages', 'bash', ['scripts/ensure-packages.sh', ...tiers.filter((t) => t !== 'unit')])
    : Promise.resolve({ status: 0 });
  // code-server needs the packages (its native modules build with g++), not the engine: on a fresh
  // machine its build (minutes) overlaps npm ci, the build, the unit tier and the engine's start.
  const codeServer = tiers.includes('vscode')
    ? packages.then(() => background('code-server-setup', 'bash', ['scripts/ensure-code-server.sh']))
    : undefined;

  if (!existsSync('node_modules/.package-lock.json') || statSync('package-lock.json').mtimeMs > statSync('node_modules/.package-lock.json').mtimeMs) {
    step('npm ci');
    const npm = await run('npm', ['ci', '--no-audit', '--no-fund']);
    if (npm.status !== 0) { console.log('\nnpm ci failed: 0 passed, 1 failed, 0 skipped'); process.exit(1); }
  }

  step('build');
  // The bundle (dist/) and the compiled tests (out/) do not depend on each other: both at once.
  const [build, compile] = await Promise.all([run(process.execPath, ['scripts/build.mjs']), run('npx', ['tsc', '-p', '.'])]);
  if (build.status !== 0 || compile.status !== 0) {
    console.log('\nbuild failed: 0 passed, 1 failed, 0 skipped');
    process.exit(1);
  }

  if (tiers.includes('unit')) {
    step('unit tier');
    await nodeTestTier('unit', { parallel: 2 });
  }

  let engineEnv;
  if (needsEngine) {
    const p = await packages;
    if (p.status !== 0) console.error(`Debian packages: ensure-packages.sh exited ${p.status}; see test-results/packages.log:\n${p.output.split('\n').slice(-15).join('\n')}`);
    step('engine');
    const engine = await run('bash', ['scripts/ensure-engine.sh'], { capture: true });
    if (engine.status === 0) {
      engineEnv = {};
      for (const m of engine.stdout.matchAll(/([A-Z_]+)=(\S+)/g)) engineEnv[m[1]] = m[2];
    }
  }

  const engineTier = async () => {
    step(`engine tier (${concurrency} files at once)`);
    const tools = await run('bash', ['scripts/ensure-test-tools.sh']);
    if (tools.status !== 0) console.error('test tools are missing (see above): the tests that need them say so');
    if (engineEnv) await nodeTestTier('engine', { env: engineEnv, parallel: concurrency });
    else tierCannotRun('engine', 'no Docker engine answers and this user cannot start one (see the lines above)');
  };
  const vscodeTier = async (echo) => {
    const setup = await codeServer;
    step(`vscode tier${echo ? '' : ' started beside the engine tier (its output is printed when it ends)'}`);
    if (!engineEnv) return tierCannotRun('vscode', 'no Docker engine answers and this user cannot start one');
    if (setup.status !== 0) {
      console.error(setup.output.split('\n').slice(-20).join('\n'));
      return tierCannotRun('vscode', 'code-server or Chromium could not be set up (see test-results/code-server-setup.log)');
    }
    const r = await run(process.execPath, ['scripts/run-vscode-tests.mjs'], { env: engineEnv, echo, capture: true, log: 'test-results/vscode-tier.log' });
    if (!echo) console.log(`\n--- vscode tier (${r.seconds.toFixed(1)} s):\n${r.output.replace(/\n*$/, '')}`);
    // Its last line is the verdict (`N passed, N failed[, N skipped]`); nothing else prints one unprefixed.
    const m = [...r.stdout.matchAll(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm)].pop();
    const c = m ? { passed: +m[1], failed: +m[2], skipped: +(m[3] ?? 0) } : { passed: 0, failed: 1, skipped: 0, note: 'no summary line' };
    if (r.status !== 0 && c.failed === 0) { c.failed = 1; c.note = `exited with ${r.status}`; }
    const skips = [...r.stdout.matchAll(/^\s*- (.*) \(skipped\)$/gm)].map((x) => x[1]);
    finishTier({ tier: 'vscode', ...c, seconds: r.seconds }, skips);
  };
  // The two tiers share nothing but the engine, on which every test touches only its own objects:
  // run side by side, the tier's wall time is the longer of the two instead of their sum.
  const overlap = process.env.LAYERWISE_OVERLAP_TIERS !== '0';
  if (tiers.includes('engine') && tiers.includes('vscode') && overlap) await Promise.all([engineTier(), vscodeTier(false)]);
  else {
    if (tiers.includes('engine')) await engineTier();
    if (tiers.includes('vscode')) await vscodeTier(true);
  }
  results.sort((a, b) => ['unit', 'engine', 'vscode'].indexOf(a.tier) - ['unit', 'engine', 'vscode'].indexOf(b.tier));

  step('summary');
  const slowest = results.flatMap((r) => r.files ?? []).sort((a, b) => b.seconds - a.seconds).slice(0, 8);
  if (slowest.length) console.log(`slowest files: ${slowest.map((f) => `${f.name} ${f.seconds.toFixed(0)} s`).join(', ')}`);
  writeFileSync('test-results/durations.json', `${JSON.stringify(Object.fromEntries(results.flatMap((r) => r.files ?? []).map((f) => [f.name, +f.seconds.toFixed(1)])), null, 1)}\n`);
  for (const r of results) console.log(`${r.tier.padEnd(7)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped  ${r.seconds.toFixed(1)} s${r.note ? `  (${r.note})` : ''}`);
  console.log(`wall time ${((Date.now() - startedAt) / 1000).toFixed(0)} s${ci ? ' (CI: no skip allowed)' : ''}`);
  const total = results.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(total.failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
});
