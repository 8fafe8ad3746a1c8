// Every Dockerfile of the shared corpus (747 real-world files) goes through lintAll without an
// exception, every finding has a sane range, and the whole corpus lints quickly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintAll } from '../../../src/dockerfile/rules';
import { CORPUS, corpusFiles } from '../../support/corpus';


test('all corpus Dockerfiles lint without an exception', () => {
  const files = corpusFiles();
  assert.equal(files.length, 747, `expected the 747 corpus Dockerfiles under ${CORPUS}`);
  const started = Date.now();
  let total = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const lineCount = text.split('\n').length;
    let found;
    try {
      // Options that switch every rule on: build args, a context without .dockerignore for
      // MissingDockerignore, and one with a .dockerignore for CopyIgnoredFile.
      found = [
        ...lintAll(text, { buildArgs: { VERSION: '1.0', HTTP_PROXY: 'http://proxy:3128' }, context: { dir: '.', files: ['package.json', 'go.mod'] } }),
        ...lintAll(text, { context: { dir: '.', files: ['.dockerignore'], dockerignore: '*.md\n**/*.txt\n!requirements.txt\n' } }),
      ];
    } catch (error) {
      assert.fail(`${file}: ${error instanceof Error ? error.stack : String(error)}`);
    }
    for (const f of found) {
      const { start, end } = f.range;
      assert.ok(start.line >= 0 && start.line < lineCount && end.line < lineCount, `${file}: ${f.rule} range outside the file`);
      assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${file}: ${f.rule} range ends before it starts`);
      assert.ok(f.message.length > 0);
    }
    total += found.length;
  }
  const ms = Date.now() - started;
  console.log(`# linted ${files.length} corpus Dockerfiles in ${ms} ms, ${total} findings`);
  assert.ok(total > 0, 'the corpus has known problems (e.g. MAINTAINER): no finding means the linter did not run');
});
