// .dockerignore parsing and matching, case by case, as Docker's documentation describes it (the
// engine-tier test test/engine/cache/dockerignore.test.ts checks a whole context against the engine).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DockerignoreError, DockerignoreMatcher, parseDockerignore } from '../../../src/dockerfile/cache';
import { cleanPath, goMatch, hasWildcards } from '../../../src/dockerfile/cache/goPath';

const included = (ignore: string, path: string) => DockerignoreMatcher.fromText(ignore).includes(path);

describe('.dockerignore parsing', () => {
  it('drops comments (only at the very start of a line), blank lines, a BOM and CRs; cleans paths', () => {
    assert.deepEqual(parseDockerignore('\uFEFF# comment\r\n\r\n  spaced  \r\n/abs/path/\n! neg/./x\n a/../b\n  #kept\n/\n'),
      ['spaced', 'abs/path', '!neg/x', 'b', '#kept', '/']);
  });

  it('rejects a lone `!` and a malformed pattern', () => {
    assert.throws(() => DockerignoreMatcher.fromText('!\n'), DockerignoreError);
    assert.throws(() => DockerignoreMatcher.fromText('a[\n'), DockerignoreError);
  });
});

describe('.dockerignore matching (documented examples)', () => {
  it('*/temp* excludes temp files one level down only', () => {
    assert.equal(included('*/temp*', 'somedir/temporary.txt'), false);
    assert.equal(included('*/temp*', 'temp'), true);
    assert.equal(included('*/temp*', 'a/b/temp.txt'), true);
  });

  it('*/*/temp* two levels down; temp? one character', () => {
    assert.equal(included('*/*/temp*', 'somedir/subdir/temporary.txt'), false);
    assert.equal(included('temp?', 'tempa'), false);
    assert.equal(included('temp?', 'tempab'), true);
  });

  it('** matches any number of directories, including none', () => {
    assert.equal(included('**/*.go', 'main.go'), false);
    assert.equal(included('**/*.go', 'a/b/c/main.go'), false);
    assert.equal(included('**/*.go', 'a/b/main.rs'), true);
    assert.equal(included('docs/**', 'docs/a/b'), false);
    assert.equal(included('a/**/z', 'a/z'), false);
  });

  it('a pattern that matches a directory excludes what is under it; leading and trailing / are dropped', () => {
    assert.equal(included('/build/', 'build/x/y.o'), false);
    assert.equal(included('/build/', 'src/build/y.o'), true);
  });

  it('the last matching line wins: ! re-includes, a later pattern excludes again', () => {
    assert.equal(included('*.md\n!README*.md', 'README-secret.md'), true);
    assert.equal(included('*.md\n!README*.md\nREADME-secret.md', 'README-secret.md'), false);
    assert.equal(included('*.md\nREADME-secret.md\n!README*.md', 'README-secret.md'), true);
  });

  it('an excluded directory is not entered unless an exception is written under it', () => {
    assert.equal(included('vendor\n!vendor/keep.txt', 'vendor/keep.txt'), true);
    assert.equal(included('vendor\n!**/keep.txt', 'vendor/keep.txt'), false);
    assert.equal(DockerignoreMatcher.fromText('vendor\n!**/keep.txt').matches('vendor/keep.txt'), false);
  });
});

describe('Go path helpers', () => {
  it('cleanPath is path.Clean', () => {
    assert.deepEqual(['', 'a//b/', './a/../../b', '/../a', '/'].map(cleanPath), ['.', 'a/b', '../b', '/a', '/']);
  });
  it('filepath.Match: * and ? stop at /, classes and escapes', () => {
    assert.equal(goMatch('*.txt', 'a.txt'), true);
    assert.equal(goMatch('*.txt', 'd/a.txt'), false);
    assert.equal(goMatch('conf/?.ini', 'conf/a.ini'), true);
    assert.equal(goMatch('data[0-9].csv', 'data5.csv'), true);
    assert.equal(goMatch('data[^0-9].csv', 'data5.csv'), false);
    assert.equal(goMatch('a\\*b', 'a*b'), true);
    assert.equal(goMatch('a\\*b', 'axb'), false);
    assert.equal(hasWildcards('a\\*b'), false);
    assert.equal(hasWildcards('src/[ab].txt'), true);
  });
});
