// Benchmark: `layerwise lint` and `layerwise explain --no-engine` (the CLI's own code, in process)
// on the pathological inputs of the hardening issue, against dockerfile-utils' validate alone on
// the same input (the baseline every Dockerfile editor pays), all measured in the same run.
// Usage: npx tsc -p . && node out/bench/pathological.js   (LAYERWISE_BENCH_CAP_S: per measurement, default 120)
// Target (issue 11): each finishes in <= 2 s; a ratio <= 1.0 means no slower than validate alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { main } from '../src/cli/main';

/** A deterministic generator, so every run measures the same bytes. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

function inputs(): Array<[string, string]> {
  const next = random(20261202);
  const runs = ['FROM busybox:local AS base'];
  for (let i = 0; i < 100_000; i++) runs.push(i % 5000 === 0 ? `ENV V${i}=x${i}` : `RUN echo line${i} && true`);
  const stages: string[] = [];
  for (let i = 0; i < 5000; i++) stages.push(`FROM busybox:local AS s${i}`, `RUN echo ${i}`);
  let nested = 'x';
  for (let i = 0; i < 2000; i++) nested = `\${a${i}:-${nested}}`;
  const bytes = Buffer.alloc(300_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
  const continued = ['FROM busybox:local', 'RUN echo start \\'];
  for (let i = 0; i < 50_000; i++) continued.push(`  && echo ${i} \\`);
  continued.push('  && true');
  return [
    ['100,000 lines', `${runs.join('\n')}\n`],
    ['one 10 MB line', `FROM busybox:local\nRUN echo ${'a'.repeat(10_000_000)}\n`],
    ['5,000 stages', `${stages.join('\n')}\n`],
    ['2,000-deep ${a:-${b:-...}}', `FROM busybox:local\nRUN echo ${nested}\n`],
    ['300 kB of random bytes', bytes.toString('latin1')],
    ['50,000 continuation lines', `${continued.join('\n')}\n`],
  ];
}

/** One measurement in this process: the input's text through one tool; prints its milliseconds. */
async function measureOne(index: number, tool: string, file: string): Promise<void> {
  const text = inputs()[index]![1];
  writeFileSync(file, text);
  const start = process.hrtime.bigint();
  if (tool === 'validate') validate(text);
  else if (tool === 'lint') await main(['lint', '--format', 'json', file], { stdout: () => undefined, stderr: () => undefined });
  else await main(['explain', '--no-engine', '--format', 'json', file], { stdout: () => undefined, stderr: () => undefined });
  console.log(Number(process.hrtime.bigint() - start) / 1e6);
}

/** Each measurement in a child process of its own, stopped at the cap: a hang is a result too. */
function measure(index: number, tool: string, dir: string, capMs: number): number | undefined {
  const file = join(dir, `${index}-${tool}.Dockerfile`);
  const child = spawnSync(process.execPath, [__filename, '--one', String(index), tool, file], { encoding: 'utf8', timeout: capMs, maxBuffer: 1 << 20 });
  const ms = Number(child.stdout.trim());
  return child.status === 0 && Number.isFinite(ms) ? ms : undefined;
}

function benchmark(): void {
  const capMs = Number(process.env.LAYERWISE_BENCH_CAP_S ?? 120) * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-pathological-'));
  const shown = (ms: number | undefined) => (ms === undefined ? `>${capMs / 1000} s` : ms.toFixed(0));
  const ratio = (ms: number | undefined, base: number | undefined) => (ms === undefined || base === undefined ? '-' : `${(ms / base).toFixed(2)}x`);
  try {
    console.log(`each measurement in its own process, stopped after ${capMs / 1000} s (LAYERWISE_BENCH_CAP_S)`);
    console.log('input                          validate ms     lint ms  lint/validate  explain ms  explain/validate  within 2 s');
    inputs().forEach(([name], index) => {
      const [baseline, lint, explain] = ['validate', 'lint', 'explain'].map((tool) => measure(index, tool, dir, capMs));
      const within = lint !== undefined && explain !== undefined && lint <= 2000 && explain <= 2000;
      console.log(`${name.padEnd(30)} ${shown(baseline).padStart(11)} ${shown(lint).padStart(11)} ${ratio(lint, baseline).padStart(14)} ${shown(explain).padStart(11)} ${ratio(explain, baseline).padStart(17)} ${within ? 'yes' : 'no'}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const one = process.argv.indexOf('--one');
if (one >= 0) measureOne(Number(process.argv[one + 1]), process.argv[one + 2]!, process.argv[one + 3]!).catch((error) => { console.error(error); process.exitCode = 1; });
else benchmark();
