import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allFindings, dockerfile } from './helpers';

const BODY = ['ARG V=1', 'FROM alpine:$V', 'MAINTAINER me', 'RUN apt-get update', 'RUN echo $V'];

test('check=skip: without the directive, the rules fire', () => {
  const rules = allFindings(dockerfile(...BODY)).map((f) => f.rule);
  assert.deepEqual([...new Set(rules)].sort(), ['MaintainerDeprecated', 'UndefinedVar', 'UpdateWithoutInstall']);
});

test('check=skip=Rule1,Rule2 turns those rules off (Layerwise and syntax rules alike)', () => {
  const rules = allFindings(dockerfile('# check=skip=UndefinedVar,MaintainerDeprecated', ...BODY)).map((f) => f.rule);
  assert.deepEqual(rules, ['UpdateWithoutInstall']);
});

test('check=skip=all turns every rule off', () => {
  assert.deepEqual(allFindings(dockerfile('# syntax=docker/dockerfile:1', '# check=skip=all', ...BODY)), []);
});

test('check=error=true makes warnings errors', () => {
  const severities = allFindings(dockerfile('# check=error=true', ...BODY)).map((f) => f.severity);
  assert.ok(severities.length > 0);
  assert.ok(severities.every((s) => s === 'error'));
});

test('a check comment after the first instruction is an ordinary comment', () => {
  const rules = allFindings(dockerfile(BODY[0], '# check=skip=all', ...BODY.slice(1))).map((f) => f.rule);
  assert.ok(rules.includes('UndefinedVar'));
});

test('check=skip matches rule names as written (BuildKit compares them exactly); a blank ends the value', () => {
  const rules = allFindings(dockerfile('# check = skip=UndefinedVar,MaintainerDeprecated   ', ...BODY)).map((f) => f.rule);
  assert.deepEqual(rules, ['UpdateWithoutInstall']);
  // BuildKit takes the directive's first word only: `UndefinedVar` is skipped, the rest is a remark.
  const remark = allFindings(dockerfile('# check=skip=UndefinedVar, MaintainerDeprecated', ...BODY)).map((f) => f.rule);
  assert.deepEqual([...new Set(remark)].sort(), ['MaintainerDeprecated', 'UpdateWithoutInstall']);
  const wrongCase = allFindings(dockerfile('# check=skip=undefinedvar,MAINTAINERDEPRECATED', ...BODY)).map((f) => f.rule);
  assert.deepEqual([...new Set(wrongCase)].sort(), ['MaintainerDeprecated', 'UndefinedVar', 'UpdateWithoutInstall']);
});
