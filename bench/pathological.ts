// Benchmark: `layerwise lint` and `layerwise explain --no-engine` (the CLI's own code, in process)
// on the pathological inputs of the hardening issue, against dockerfile-utils' validate alone on
// the same input (the baseline every Dockerfile editor pays), all measured in the same run.
// Usage: npx tsc -p . && node out/bench/pathological.js [--skip-baseline]
// Target (issue 11): each finishes in <= 2 s; a ratio <= 1.0 means no slower than validate alone.
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

async function timed(run: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function cli(argv: string[]): Promise<void> {
  await main(argv, { stdout: () => undefined, stderr: () => undefined });
}

async function benchmark(): Promise<void> {
  const skipBaseline = process.argv.includes('--skip-baseline');
  const dir = mkdtempSync(join(tmpdir(), 'lw-bench-pathological-'));
  try {
    console.log('input                          validate ms     lint ms  lint/validate  explain ms  explain/validate  within 2 s');
    for (const [name, text] of inputs()) {
      const file = join(dir, 'Dockerfile');
      writeFileSync(file, text);
      const baseline = skipBaseline ? NaN : await timed(() => validate(text));
      const lint = await timed(() => cli(['lint', '--format', 'json', file]));
      const explain = await timed(() => cli(['explain', '--no-engine', '--format', 'json', file]));
      const ratio = (ms: number) => (skipBaseline ? '-' : `${(ms / baseline).toFixed(2)}x`);
      console.log(`${name.padEnd(30)} ${(skipBaseline ? '-' : baseline.toFixed(0)).padStart(11)} ${lint.toFixed(0).padStart(11)} ${ratio(lint).padStart(14)} ${explain.toFixed(0).padStart(11)} ${ratio(explain).padStart(17)} ${lint <= 2000 && explain <= 2000 ? 'yes' : 'no'}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

benchmark().catch((error) => { console.error(error); process.exitCode = 1; });
