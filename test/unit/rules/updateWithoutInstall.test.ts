import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerfile, findings, textAt } from './helpers';

const RULE = 'UpdateWithoutInstall';

test('UpdateWithoutInstall: apt-get update alone', () => {
  const text = dockerfile('FROM debian', 'RUN apt-get update', 'RUN apt-get install -y curl');
  const [f, ...rest] = findings(RULE, text);
  assert.equal(rest.length, 0);
  assert.equal(f.range.start.line, 1);
  assert.equal(textAt(text, f), 'apt-get update');
  assert.equal(f.severity, 'warning');
});

test('UpdateWithoutInstall: apk update alone, with flags', () => {
  const text = dockerfile('FROM alpine', 'RUN apk --no-cache update');
  assert.equal(textAt(text, findings(RULE, text)[0]), 'apk --no-cache update');
});

test('UpdateWithoutInstall: update and install in one RUN are fine', () => {
  assert.deepEqual(findings(RULE, dockerfile('FROM debian', 'RUN apt-get update && apt-get install -y curl')), []);
  assert.deepEqual(findings(RULE, dockerfile('FROM debian', 'RUN set -ex; apt-get update; \\', '  if ! which gpg; then apt-get install -y gnupg; fi')), []);
  assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'RUN apk update && apk add curl')), []);
  assert.deepEqual(findings(RULE, dockerfile('FROM debian', 'RUN sudo apt-get -q update && sudo DEBIAN_FRONTEND=noninteractive apt-get upgrade -y')), []);
});

test('UpdateWithoutInstall: quoted text is not a command', () => {
  assert.deepEqual(findings(RULE, dockerfile('FROM debian', 'RUN echo "apt-get update"')), []);
});
