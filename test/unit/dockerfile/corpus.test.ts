// Every Dockerfile of the shared corpus (real-world files) goes through the model and the
// explain result without an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildModel, explain } from '../../../src/dockerfile';
import { CORPUS, corpusFiles } from '../../support/corpus';


test('all corpus Dockerfiles go through the model without an exception', () => {
  const files = corpusFiles();
  assert.equal(files.length, 747, `expected the 747 corpus Dockerfiles under ${CORPUS}`);
  let stages = 0;
  let instructions = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    try {
      const model = buildModel(text, { buildArgs: { HTTP_PROXY: 'http://proxy:3128', VERSION: '1.0' } });
      for (const stage of model.stages) { explain(model, stage); instructions += stage.instructions.length; }
      stages += model.stages.length;
    } catch (error) {
      assert.fail(`${file}: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  assert.ok(stages >= files.length, `only ${stages} stages in ${files.length} files`);
  assert.ok(instructions > stages);
});
