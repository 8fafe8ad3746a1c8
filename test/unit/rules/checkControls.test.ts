// BuildKit's lint controls in every form BuildKit reads: the top `# check=` directive (after a
// shebang, `#check=` or `# CHECK =`, only its first word, ending at the first other line), a
// `# check=` comment above one instruction, the BUILDKIT_DOCKERFILE_CHECK build arg (which
// replaces the directive), `error=`, `experimental=`, and the errors BuildKit fails the build with.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allFindings, dockerfile } from './helpers';

const rulesOf = (text: string, buildArgs?: Record<string, string>) => [...new Set(allFindings(text, { buildArgs }).map((f) => f.rule))].sort();
const SECRETS = ['FROM scratch', 'ENV DB_PASSWORD=x', 'ENV API_TOKEN=y'];

describe('the top # check= directive', () => {
  it('is read after a #! line, without a blank after #, whatever the key\'s case, with blanks around =', () => {
    for (const first of ['#check=skip=SecretsUsedInArgOrEnv', '# CHECK = skip=SecretsUsedInArgOrEnv', '# syntax=docker/dockerfile:1\n# check=skip=SecretsUsedInArgOrEnv']) {
      assert.deepEqual(rulesOf(dockerfile(first, ...SECRETS)), [], first);
    }
    assert.deepEqual(rulesOf(dockerfile('#!/usr/bin/env docker-build', '# check=skip=SecretsUsedInArgOrEnv', ...SECRETS)), []);
  });
  it('is not a directive after a blank line, another comment, an instruction, or indented', () => {
    for (const before of ['', '# a comment', '  ']) {
      assert.deepEqual(rulesOf(dockerfile(before, '# check=skip=all', ...SECRETS)), ['SecretsUsedInArgOrEnv'], JSON.stringify(before));
    }
    assert.deepEqual(rulesOf(dockerfile('  # check=skip=all', ...SECRETS)), ['SecretsUsedInArgOrEnv']);
  });
  it('error=true accepts what Go\'s ParseBool accepts', () => {
    for (const value of ['true', '1', 'T', 'TRUE', 'True']) {
      assert.ok(allFindings(dockerfile(`# check=error=${value}`, ...SECRETS)).every((f) => f.severity === 'error'), value);
    }
    assert.ok(allFindings(dockerfile('# check=error=0', ...SECRETS)).every((f) => f.severity === 'warning'));
  });
  it('a value BuildKit cannot parse fails the build: InvalidCheckOptions, BuildKit\'s message', () => {
    const cases: Array<[string, string]> = [
      ['skip', 'failed to parse check options: invalid check option "skip"'],
      ['skip=all;foo=bar', 'failed to parse check options: invalid check option "foo"'],
      ['error=maybe', 'failed to parse check options: failed to parse check option "error=maybe": strconv.ParseBool: parsing "maybe": invalid syntax'],
    ];
    for (const [value, message] of cases) {
      const found = allFindings(dockerfile(`# check=${value}`, ...SECRETS)).filter((f) => f.rule === 'InvalidCheckOptions');
      assert.deepEqual(found.map((f) => [f.severity, f.message, f.range.start.line]), [['error', message, 0]], value);
    }
  });
  it('reads at most three ;-separated parts (the third keeps the rest)', () => {
    // skip=all;error=false;experimental=x;skip=none: the last part is `experimental=x;skip=none`.
    assert.deepEqual(rulesOf(dockerfile('# check=error=false;skip=all;experimental=x;skip=none', ...SECRETS)), []);
  });
});

describe('a # check= comment above one instruction', () => {
  it('skips the rule for that instruction only; the rest of the comment is a remark', () => {
    const text = dockerfile('FROM scratch', '# check=skip=SecretsUsedInArgOrEnv // a test fixture', 'ENV DB_PASSWORD=x', 'ENV API_TOKEN=y');
    assert.deepEqual(allFindings(text).map((f) => [f.rule, f.range.start.line]), [['SecretsUsedInArgOrEnv', 3]]);
  });
  it('counts across blank lines and other comments, is cleared by a bare #', () => {
    assert.deepEqual(rulesOf(dockerfile('FROM scratch', '# check=skip=SecretsUsedInArgOrEnv', '', '# why', 'ENV DB_PASSWORD=x')), []);
    assert.deepEqual(rulesOf(dockerfile('FROM scratch', '# check=skip=SecretsUsedInArgOrEnv', '#', 'ENV DB_PASSWORD=x')), ['SecretsUsedInArgOrEnv']);
  });
  it('only the first check comment counts, and it never sets error', () => {
    assert.deepEqual(rulesOf(dockerfile('FROM scratch', '# check=skip=UndefinedVar', '# check=skip=SecretsUsedInArgOrEnv', 'ENV DB_PASSWORD=x')), ['SecretsUsedInArgOrEnv']);
    assert.ok(allFindings(dockerfile('FROM scratch', '# check=error=true', 'ENV DB_PASSWORD=x')).every((f) => f.severity === 'warning'));
  });
  it('does not turn off the checks BuildKit makes for the whole file', () => {
    assert.deepEqual(rulesOf(dockerfile('FROM scratch', '# check=skip=ReservedStageName', 'FROM scratch AS scratch')), ['ReservedStageName']);
  });
});

describe('the BUILDKIT_DOCKERFILE_CHECK build arg', () => {
  it('replaces the directive: its own skips count, the directive\'s do not', () => {
    const text = dockerfile('# check=skip=all', 'FROM scratch AS Base', ...SECRETS.slice(1));
    assert.deepEqual(rulesOf(text), []);
    assert.deepEqual(rulesOf(text, { BUILDKIT_DOCKERFILE_CHECK: 'skip=StageNameCasing' }), ['SecretsUsedInArgOrEnv']);
    assert.deepEqual(rulesOf(text, { BUILDKIT_DOCKERFILE_CHECK: '' }), ['SecretsUsedInArgOrEnv', 'StageNameCasing']);
    assert.ok(allFindings(text, { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'error=true' } }).every((f) => f.severity === 'error'));
  });
  it('a value it cannot parse fails the build; it is no unused build arg', () => {
    const found = allFindings(dockerfile(...SECRETS), { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'skip' } });
    assert.ok(found.some((f) => f.rule === 'InvalidCheckOptions' && f.message === 'failed to parse BUILDKIT_DOCKERFILE_CHECK: invalid check option "skip"'));
    assert.ok(!found.some((f) => f.rule === 'UnusedBuildArg'));
  });
});

describe('InvalidDefinitionDescription', () => it('experimental, as BuildKit checks the comment above FROM ... AS and ARG', () => {
  const text = [
    '# check=experimental=InvalidDefinitionDescription',
    '# foo this is the foo', 'ARG foo=bar', // 1-2: fine
    '# BasE this is the BasE image', 'FROM scratch AS base', // 3-4: stage names are lower-case
    '# definitely a bad comment', 'ARG version=latest', // 5-6
    '# definitely a bad comment', 'ARG foo=baz bar=qux baz=quux', // 7-8: several keys
    '# bar the bar is described', 'ARG foo=1 bar=2', // 9-10: any key may start it
    '# a note', '#', 'ARG bit=bat', // 11-13: a bare # clears the comments
    '# a note', '', 'ARG bat=bit', // 14-16: a blank line does not
    'FROM scratch', // 17: no stage name, no description
    '',
  ].join('\n');
  const found = allFindings(text).filter((f) => f.rule === 'InvalidDefinitionDescription');
  assert.deepEqual(found.map((f) => [f.range.start.line, f.message]), [
    [4, 'Comment for FROM should follow the format: `# base <description>`'],
    [6, 'Comment for ARG should follow the format: `# version <description>`'],
    [8, 'Comment for ARG should follow the format: `# <arg_key> <description>`'],
    [16, 'Comment for ARG should follow the format: `# bat <description>`'],
  ]);
  // Off unless turned on; and an experimental rule offers no "skip" action.
  assert.deepEqual(allFindings(text.replace(/^# check=.*\n/, '')).filter((f) => f.rule === 'InvalidDefinitionDescription'), []);
  assert.ok(found.every((f) => !f.suppressions));
}));
