// `npm run fuzz -- [inputs] [seed]`: the fuzzing of test/unit/fuzz at any size and seed (defaults:
// 20,000 inputs, the seed of today's date), printing each failing input so it can be replayed.
// Needs the compiled tests (`npm run compile-tests`, which the npm script runs first).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Fuzzer } = require('../out/test/support/fuzz.js');
const inputs = Number(process.argv[2] ?? 20_000);
const seed = Number(process.argv[3] ?? new Date().toISOString().slice(0, 10).replace(/-/g, ''));
if (!Number.isInteger(inputs) || inputs < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [inputs] [seed]   (positive whole numbers)');
  process.exit(2);
}
const started = Date.now();
const failures = new Fuzzer(seed).run(inputs, 5_000);
for (const f of failures) console.log(`input #${f.index}: ${f.what}\n${JSON.stringify(f.input)}\n`);
console.log(`fuzz: ${inputs} inputs, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s: ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
