// lintAll: dockerfile-utils' syntax checks under the editor's rule names, together with
// Layerwise's rules, in document order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, lintAll, ruleInfo } from '../../../src/dockerfile/rules';
import { dockerfile, textAt } from './helpers';

test('lintAll: syntax findings carry the editor\'s rule names, severities and tags', () => {
  const text = dockerfile('FROM alpine', 'MAINTAINER me', 'WORKDIR app', 'ARG UNUSED=1');
  const found = lintAll(text);
  const maintainer = found.find((f) => f.rule === 'MaintainerDeprecated');
  assert.ok(maintainer);
  assert.equal(maintainer.severity, 'warning');
  assert.equal(maintainer.range.start.line, 1);
  assert.deepEqual(maintainer.tags, ['deprecated']);
  assert.ok(found.some((f) => f.rule === 'WorkdirRelativePath' && f.range.start.line === 2));
  const unused = found.find((f) => f.rule === 'UnusedArg');
  assert.equal(unused?.severity, 'info');
  assert.deepEqual(unused?.tags, ['unnecessary']);
  assert.equal(textAt(text, unused!), 'UNUSED');
});

test('lintAll: every finding of lint, plus the syntax ones, in document order', () => {
  const text = dockerfile('ARG V=1', 'FROM alpine:$V', 'FOO me', 'RUN apt-get update', 'RUN echo $V', 'CMD run');
  const own = lint(text);
  const all = lintAll(text);
  for (const f of own) assert.ok(all.some((a) => a.rule === f.rule && a.message === f.message), f.rule);
  assert.ok(all.length > own.length);
  const positions = all.map((f) => f.range.start.line * 1000 + f.range.start.character);
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
});

test('lintAll: empty text, comments only, and a Dockerfile without FROM do not throw', () => {
  // dockerfile-utils says there is no FROM; Layerwise's rules have nothing to say.
  for (const text of ['', '# nothing\n', 'RUN echo hi\n']) {
    assert.deepEqual(lintAll(text).map((f) => f.rule), ['NoSourceImage'], JSON.stringify(text));
    assert.deepEqual(lint(text), []);
  }
});

test('ruleInfo: description, default severity, docs page and BuildKit URL', () => {
  assert.deepEqual(ruleInfo('UndefinedVar'), {
    name: 'UndefinedVar', description: 'Variables should be defined before their use', defaultSeverity: 'warning',
    docs: 'docs/rules/UndefinedVar.md', buildkitUrl: 'https://docs.docker.com/go/dockerfile/rule/undefined-var/',
  });
  assert.equal(ruleInfo('ArgUsedAtRuntime')?.buildkitUrl, undefined);
  assert.equal(ruleInfo('MaintainerDeprecated')?.buildkitUrl, 'https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/');
});

test('the sample workspace Dockerfile shows its deliberate problems at their lines', async () => {
  const { readFileSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const text = readFileSync(resolve(__dirname, '../../../../samples/workspace/Dockerfile'), 'utf8');
  const lines = text.split('\n');
  // The same expectations as the UI test (test/vscode/ui/problems.ui.ts): rule and line pattern.
  const expected: Array<[string, RegExp]> = [
    ['MaintainerDeprecated', /^MAINTAINER /],
    ['UndefinedVar', /^RUN .*\$\{NODE_VERSION\}/],
    ['UpdateWithoutInstall', /^RUN apt-get update$/],
    ['CacheBustingCopyBeforeInstall', /^COPY \. \.$/],
    ['ArgUsedAtRuntime', /^CMD .*\$PORT/],
  ];
  const found = lintAll(text);
  for (const [rule, pattern] of expected) {
    const line = lines.findIndex((l) => pattern.test(l));
    assert.ok(line >= 0, `the sample has no line matching ${pattern}`);
    assert.ok(found.some((f) => f.rule === rule && f.range.start.line === line), `${rule} at line ${line + 1}; found ${found.map((f) => `${f.rule}@${f.range.start.line + 1}`).join(', ')}`);
  }
});

test('lintAllWithBaseImages: a name the base image sets is defined; with the base known, an unknown name is not', async () => {
  const { lintAllWithBaseImages } = await import('../../../src/dockerfile/rules');
  const text = dockerfile('FROM node:20', 'ENV A=$NODE_VERSION B=$NOT_SET');
  const asked: string[] = [];
  const resolve = async (reference: string) => { asked.push(reference); return reference === 'node:20' ? { Env: ['NODE_VERSION=20.1.0'] } : undefined; };
  const found = (await lintAllWithBaseImages(text, {}, resolve)).filter((f) => f.rule === 'UndefinedVar');
  assert.deepEqual(asked, ['node:20']);
  assert.deepEqual(found.map((f) => textAt(text, f)), ['$NOT_SET']);
  // Unknown base (the look-up fails): nothing can be said about either name.
  const unknown = await lintAllWithBaseImages(text, {}, async () => { throw new Error('engine down'); });
  assert.deepEqual(unknown.filter((f) => f.rule === 'UndefinedVar'), []);
});

test('lintAll: an EXPOSE with a host mapping is one warning (the builder accepts it), not also a syntax error', () => {
  const found = lintAll(dockerfile('FROM alpine', 'EXPOSE 127.0.0.1:8080:80'));
  assert.deepEqual(found.map((f) => `${f.rule}:${f.severity}`), ['ExposeInvalidFormat:warning']);
  // A port that is wrong in itself still gets the library's error.
  assert.ok(lintAll(dockerfile('FROM alpine', 'EXPOSE abc')).some((f) => f.rule === 'InvalidPort' && f.severity === 'error'));
});
