// What a .dockerignore line does to a context, which files a COPY takes in, and the context walk.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel } from '../../../src/dockerfile';
import { DockerignoreMatcher } from '../../../src/dockerfile/cache/dockerignore';
import { sourceMatcher } from '../../../src/dockerfile/cache/contextSources';
import { copyIntake, intakeOf } from '../../../src/dockerfile/context/copyIntake';
import { contextSummary, lineEffect } from '../../../src/dockerfile/context/ignoreEffects';
import { listContextFiles } from '../../../src/dockerfile/context/listContextFiles';

const FILES = [
  '.dockerignore', 'Dockerfile', 'package.json', 'package-lock.json',
  'src/app.js', 'src/util.js', 'src/app.test.js',
  'node_modules/a/index.js', 'node_modules/b/index.js',
  'logs/one.log', 'logs/keep.log', 'debug.log',
];

describe('.dockerignore line effects', () => {
  const ignore = '# build output\nnode_modules\n**/*.log\n!logs/keep.log\n\nsrc/*.test.js\n';

  it('counts what an exclusion leaves out, and what later exceptions bring back', () => {
    assert.deepEqual(lineEffect(FILES, ignore, 1), { kind: 'exclusion', pattern: 'node_modules', matched: 2, effective: 2, broughtBack: 0 });
    assert.deepEqual(lineEffect(FILES, ignore, 2), { kind: 'exclusion', pattern: '**/*.log', matched: 3, effective: 2, broughtBack: 1 });
    assert.deepEqual(lineEffect(FILES, ignore, 5), { kind: 'exclusion', pattern: 'src/*.test.js', matched: 1, effective: 1, broughtBack: 0 });
  });

  it('counts what a ! exception brings back; comments and blank lines do nothing', () => {
    assert.deepEqual(lineEffect(FILES, ignore, 3), { kind: 'exception', pattern: '!logs/keep.log', matched: 1, effective: 1, broughtBack: 0 });
    assert.deepEqual(lineEffect(FILES, ignore, 0), { kind: 'none' });
    assert.deepEqual(lineEffect(FILES, ignore, 4), { kind: 'none' });
  });

  it('follows the CLI: an exception inside an excluded folder only counts when its text starts with that folder', () => {
    // `logs` then `!**/keep.log`: the walk never enters logs/, so keep.log stays out.
    assert.equal(lineEffect(FILES, 'logs\n!**/keep.log\n', 1).kind, 'exception');
    assert.deepEqual(lineEffect(FILES, 'logs\n!**/keep.log\n', 1), { kind: 'exception', pattern: '!**/keep.log', matched: 1, effective: 0, broughtBack: 0 });
    assert.deepEqual(lineEffect(FILES, 'logs\n!logs/keep.log\n', 1), { kind: 'exception', pattern: '!logs/keep.log', matched: 1, effective: 1, broughtBack: 0 });
  });

  it('never counts the Dockerfile and .dockerignore as left out: the CLI always sends them', () => {
    const always = new Set(['.dockerignore', 'Dockerfile']);
    assert.deepEqual(lineEffect(FILES, '*\n', 0, always), { kind: 'exclusion', pattern: '*', matched: FILES.length, effective: FILES.length - 2, broughtBack: 2 });
    assert.deepEqual(contextSummary(FILES, '*\n', always), { files: FILES.length, excluded: FILES.length - 2 });
  });

  it('reports a pattern the matcher rejects, and a file that another line makes invalid', () => {
    assert.equal(lineEffect(FILES, 'a[\n', 0).kind, 'invalid');
    const effect = lineEffect(FILES, 'node_modules\na[\n', 0);
    assert.equal(effect.kind === 'exclusion' && typeof effect.fileError, 'string');
    assert.equal(contextSummary(FILES, 'node_modules\na[\n').excluded, 0);
  });
});

describe('COPY intake', () => {
  const sentBy = (ignore: string) => { const m = DockerignoreMatcher.fromText(ignore); return (p: string) => m.includes(p); };
  const intakeOf = (dockerfile: string, ignore = '') => {
    const model = buildModel(dockerfile);
    const instruction = model.stages[model.stages.length - 1].instructions.find((i) => i.keyword === 'COPY' || i.keyword === 'ADD')!;
    return copyIntake(instruction, model.escapeChar, FILES, sentBy(ignore));
  };

  it('takes in files, folders and wildcard matches, after .dockerignore', () => {
    assert.deepEqual(intakeOf('FROM x\nCOPY package*.json ./\n')?.files, ['package.json', 'package-lock.json']);
    assert.deepEqual(intakeOf('FROM x\nCOPY src /app/src\n', 'src/*.test.js\n'), { files: ['src/app.js', 'src/util.js'], ignored: 1, otherSources: 0 });
    assert.equal(intakeOf('FROM x\nCOPY . .\n', 'node_modules\n*.log\n')?.files.length, FILES.length - 3);
  });

  it('expands variables in sources, and counts nothing for --from, URLs or a missing file', () => {
    assert.deepEqual(intakeOf('FROM x\nARG DIR=src\nCOPY ${DIR}/app.js /app/\n')?.files, ['src/app.js']);
    assert.equal(intakeOf('FROM x AS a\nFROM y\nCOPY --from=a /bin /bin\n'), undefined);
    assert.deepEqual(intakeOf('FROM x\nADD https://example.com/a.tgz package.json /app/\n'), { files: ['package.json'], ignored: 0, otherSources: 1 });
    assert.deepEqual(intakeOf('FROM x\nCOPY missing.txt /\n')?.files, []);
  });
});

describe('COPY intake agrees with the builder\'s source rules', () => {
  it('takes in exactly the files sourceMatcher covers, for literal and wildcard sources in every spelling', () => {
    const sources = ['.', './', '/', 'src', './src/', '/src', 'src/app.js', 'node_modules/a', 'src/*.js', '*.json', 'logs/?ne.log', 'missing', 'src/app.js/'];
    for (const source of sources) {
      const expected = FILES.filter((f) => sourceMatcher(source).covers(f));
      assert.deepEqual(intakeOf({ sources: [source], otherSources: 0 }, FILES, () => true).files, expected, source);
    }
  });
});

describe('context walk', () => {
  it('lists every file, into excluded folders too, sorted, with links as themselves, up to a limit', async () => {
    const root = mkdtempSync(join(tmpdir(), 'layerwise-context-'));
    try {
      mkdirSync(join(root, 'node_modules/a'), { recursive: true });
      mkdirSync(join(root, 'empty'));
      writeFileSync(join(root, 'Dockerfile'), 'FROM x\n');
      writeFileSync(join(root, 'node_modules/a/index.js'), '');
      symlinkSync('node_modules', join(root, 'linked'));
      assert.deepEqual(await listContextFiles(root), { files: ['Dockerfile', 'linked', 'node_modules/a/index.js'], truncated: false });
      assert.deepEqual(await listContextFiles(root, 2), { files: ['Dockerfile', 'linked'], truncated: true });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
