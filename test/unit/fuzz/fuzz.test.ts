// The analysis holds on mutated input: inputs from a fixed seed (test/support/fuzz.ts)
// through lint, quick fixes, the build model of both builders, explain and its rebuild plan, the
// symbol index, semantic tokens, value hints and hovers: nothing throws or hangs, no range leaves
// the document. 20,000 per run (about 13 s on one core here); more, and other seeds, by hand:
// `npm run fuzz -- <inputs> [seed]`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fuzzer } from '../../support/fuzz';

const SEED = 20261202;
const INPUTS = 20_000;
/** Per input (a few lines): a hang, not a slow machine, is what this bound catches. */
const BOUND_MS = 5_000;

test(`${INPUTS} mutated Dockerfiles (seed ${SEED}): no exception, no hang, every range inside the document`, () => {
  const failures = new Fuzzer(SEED).run(INPUTS, BOUND_MS);
  assert.deepEqual(failures.slice(0, 5).map((f) => `#${f.index} ${f.what}\n${JSON.stringify(f.input)}`), [], `${failures.length} of ${INPUTS} inputs failed`);
});
