// Benchmark: the build model over the shared corpus, for each builder, against dockerfile-ast's
// parse alone (baseline) and dockerfile-utils' validate, all measured in the same run.
// Usage: npx tsc -p . && node out/bench/model.js [rounds]
// Target (issue 3): parse + model <= 1.5x parse, i.e. the model costs <= 0.5x a parse on top.
import { readFileSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { buildModel, Builder } from '../src/dockerfile';
import { corpusFiles } from '../test/support/corpus';


const texts = corpusFiles().map((f) => readFileSync(f, 'utf8'));
const rounds = Number(process.argv[2] ?? 15);

/** Best-of-rounds time (ms) of one pass over the corpus: the least disturbed measurement. */
function measure(pass: () => void): number {
  for (let i = 0; i < 3; i++) pass(); // warm up the JIT
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    pass();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

let sink = 0;
const parseOnly = () => { for (const t of texts) sink += DockerfileParser.parse(t).getInstructions().length; };
const validateOnly = () => { for (const t of texts) sink += validate(t).length; };
const parseAndModel = (builder: Builder) => () => { for (const t of texts) sink += buildModel(t, { builder, parsed: DockerfileParser.parse(t) }).stages.length; };
const builders: Builder[] = ['buildkit', 'classic'];

// Interleave the candidates so that machine noise hits them alike.
const results: Record<string, number> = { parse: Infinity, validate: Infinity, buildkit: Infinity, classic: Infinity };
for (let i = 0; i < 2; i++) {
  results.parse = Math.min(results.parse, measure(parseOnly));
  for (const b of builders) results[b] = Math.min(results[b], measure(parseAndModel(b)));
  results.validate = Math.min(results.validate, measure(validateOnly));
}

console.log(`corpus: ${texts.length} Dockerfiles, ${(texts.reduce((n, t) => n + t.length, 0) / 1024).toFixed(0)} KiB; best of ${rounds} rounds x2`);
console.log(`baseline dockerfile-ast parse:   ${results.parse.toFixed(1)} ms  (1.00x)`);
console.log(`dockerfile-utils validate:       ${results.validate.toFixed(1)} ms  (${(results.validate / results.parse).toFixed(2)}x parse)`);
for (const b of builders) {
  const modelOnly = results[b] - results.parse;
  console.log(`parse + build model (${b.padEnd(8)}): ${results[b].toFixed(1)} ms  (${(results[b] / results.parse).toFixed(2)}x parse, ${(results[b] / results.validate).toFixed(2)}x validate)`);
  console.log(`  model alone (on top of parse):  ${modelOnly.toFixed(1)} ms  (${(modelOnly / results.parse).toFixed(2)}x parse; target <= 0.50x) ${modelOnly / results.parse <= 0.5 ? 'OK' : 'OVER TARGET'}`);
}
if (sink < 0) console.log(sink);
