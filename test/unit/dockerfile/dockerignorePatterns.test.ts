// .dockerignore patterns as moby's patternmatcher reads them: negated classes, the prefix and
// suffix forms of `**`, `^` (literal in a plain pattern, an anchor in one with wildcards), `?` on
// characters outside the BMP, Go's regexp escapes, and the malformed patterns the CLI refuses.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DockerignoreError, DockerignoreMatcher, dockerignoreProblems } from '../../../src/dockerfile/cache/dockerignore';

const excluded = (patterns: string[], path: string) => new DockerignoreMatcher(patterns).matches(path);

describe('.dockerignore patterns', () => {
  it('[^...] is a negated class', () => {
    assert.equal(excluded(['a[^b-d]e'], 'aze'), true);
    assert.equal(excluded(['a[^b-d]e'], 'ace'), false);
    assert.equal(excluded(['v[0-9].txt'], 'v7.txt'), true);
  });
  it('** first: any path ending so (`**file`, `**.log`); `**/x` also matches x; ** last: everything below', () => {
    assert.equal(excluded(['**file'], 'src/myfile'), true);
    assert.equal(excluded(['**file'], 'file.txt'), false);
    assert.equal(excluded(['**.log'], 'a/b/debug.log'), true);
    assert.equal(excluded(['**/x'], 'x'), true);
    assert.equal(excluded(['build/**'], 'build/out/a.o'), true);
    assert.equal(excluded(['build/**'], 'build'), false);
    assert.equal(excluded(['b*/**'], 'bin/x'), true);
  });
  it('^ is literal in a plain pattern and anchors (so never matches) in a pattern with wildcards', () => {
    assert.equal(excluded(['a^b'], 'a^b'), true);
    assert.equal(excluded(['a^*'], 'a^b'), false);
  });
  it('? is one character, also outside the BMP; * does not cross /', () => {
    assert.equal(excluded(['x?y'], 'x😀y'), true);
    assert.equal(excluded(['x??y'], 'x😀y'), false);
    assert.equal(excluded(['*.md'], 'docs/a.md'), false);
  });
  it('an escape as Go\'s regexp reads it (\\d is a digit), an unknown one fails when matching', () => {
    assert.equal(excluded(['log\\d'], 'log5'), true);
    assert.equal(excluded(['log\\d'], 'logd'), false);
    assert.throws(() => excluded(['a\\q'], 'aq'), DockerignoreError);
  });
  it('malformed patterns are refused, as the docker CLI refuses the file', () => {
    for (const bad of ['[-]', '[a-b-c]', '[]a]', 'x\\', '[abc', '!']) {
      assert.throws(() => new DockerignoreMatcher([bad]), DockerignoreError, bad);
    }
    for (const ok of ['[a-c]', '[^a]', 'a]b']) new DockerignoreMatcher([ok]);
    assert.deepEqual(dockerignoreProblems('node_modules\n[-]\n# [-] in a comment\n*.log\n'), [{ line: 1, message: 'syntax error in pattern "[-]"' }]);
  });
});
