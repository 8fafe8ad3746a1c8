import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, dockerfile, findings, textAt } from './helpers';

const RULE = 'UndefinedVar';

test('UndefinedVar: a global ARG used in RUN of a stage that did not redeclare it', () => {
  const text = dockerfile('ARG VERSION=1.0', 'FROM scratch', 'RUN echo "v${VERSION}"');
  const [f, ...rest] = findings(RULE, text);
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.range.start.line, 2);
  assert.equal(textAt(text, f), '${VERSION}');
  assert.match(f.message, /undefined variable '\$VERSION'.*global ARG VERSION/);
  assert.equal(f.fix?.title, 'Redeclare ARG VERSION in this stage');
  assert.equal(applyFix(text, f), dockerfile('ARG VERSION=1.0', 'FROM scratch', 'ARG VERSION', 'RUN echo "v${VERSION}"'));
  // After the fix, the finding is gone.
  assert.deepEqual(findings(RULE, applyFix(text, f)), []);
});

test('UndefinedVar: the global ARG used in FROM only is fine', () => {
  assert.deepEqual(findings(RULE, dockerfile('ARG TAG=1', 'FROM alpine:$TAG', 'RUN true')), []);
});

test('UndefinedVar: a redeclared global ARG is in scope', () => {
  assert.deepEqual(findings(RULE, dockerfile('ARG V=1', 'FROM scratch', 'ARG V', 'RUN echo $V')), []);
});

test('UndefinedVar: a typo in an expanded word, with "did you mean" and a fix', () => {
  const text = dockerfile('FROM scratch', 'ENV APP_HOME=/app', 'WORKDIR $APP_HOEM');
  const [f, ...rest] = findings(RULE, text);
  assert.equal(rest.length, 0);
  assert.equal(textAt(text, f), '$APP_HOEM');
  assert.equal(f.message, "Usage of undefined variable '$APP_HOEM' (did you mean $APP_HOME?)");
  assert.equal(applyFix(text, f), dockerfile('FROM scratch', 'ENV APP_HOME=/app', 'WORKDIR $APP_HOME'));
});

test('UndefinedVar: braced reference range and fix replace only the name', () => {
  const text = dockerfile('FROM scratch', 'ARG BUILD_DIR=/b', 'COPY x ${BUILD_DRI}/');
  const [f] = findings(RULE, text);
  assert.equal(textAt(text, f), '${BUILD_DRI}');
  assert.equal(applyFix(text, f), dockerfile('FROM scratch', 'ARG BUILD_DIR=/b', 'COPY x ${BUILD_DIR}/'));
});

test('UndefinedVar: an unknown name with an unknown base image is not reported (the base may set it)', () => {
  assert.deepEqual(findings(RULE, dockerfile('FROM node:20', 'ENV PATH=$NODE_HOME/bin:$PATH')), []);
});

test('UndefinedVar: an unknown name with a base image the engine described is reported', () => {
  const text = dockerfile('FROM node:20', 'ENV PATH=$NODE_HOME/bin:$PATH');
  const baseImages = (ref: string) => (ref === 'node:20' ? { Env: ['PATH=/usr/bin', 'NODE_VERSION=20.1.0'] } : undefined);
  const [f, ...rest] = findings(RULE, text, { baseImages });
  assert.equal(rest.length, 0);
  assert.equal(textAt(text, f), '$NODE_HOME');
  // And a name the base image sets is defined.
  assert.deepEqual(findings(RULE, dockerfile('FROM node:20', 'ENV V=$NODE_VERSION'), { baseImages }), []);
});

test('UndefinedVar: defaults and alternatives handle the unset case', () => {
  assert.deepEqual(findings(RULE, dockerfile('FROM scratch', 'ENV A=${NOPE:-x} B=${NOPE:+y} C=${LD:+$LD:}/x')), []);
});

test('UndefinedVar: an ARG declared without a default is a deliberate optional build arg', () => {
  assert.deepEqual(findings(RULE, dockerfile('FROM scratch', 'ARG FLAGS', 'RUN go build -gcflags="${FLAGS}"', 'ENV F=$FLAGS')), []);
});

test('UndefinedVar: an ARG used in RUN before the stage declares it', () => {
  const text = dockerfile('FROM alpine', 'RUN echo $MODE', 'ARG MODE=prod');
  const [f, ...rest] = findings(RULE, text);
  assert.equal(rest.length, 0);
  assert.equal(f.range.start.line, 1);
  assert.equal(textAt(text, f), '$MODE');
});

test('UndefinedVar: shell-local names, single quotes and exec form are not the builder\'s business', () => {
  const text = dockerfile(
    'ARG V=1', 'FROM alpine',
    'RUN V=2; echo $V',
    "RUN echo '$V'",
    'RUN for V in a b; do echo $V; done',
    'RUN ["echo", "$V"]',
  );
  assert.deepEqual(findings(RULE, text), []);
});

test('UndefinedVar: a RUN spanning lines points at the right line', () => {
  const text = dockerfile('ARG V=1', 'FROM alpine', 'RUN echo start && \\', '    # a comment', '    echo ${V}');
  const [f] = findings(RULE, text);
  assert.equal(f.range.start.line, 4);
  assert.equal(textAt(text, f), '${V}');
});

test('UndefinedVar: a build arg given for a name no ARG declares does not define it', () => {
  const text = dockerfile('FROM scratch', 'ENV X=$GIVEN');
  assert.equal(findings(RULE, text, { buildArgs: { GIVEN: 'v' } }).length, 1);
});

test('UndefinedVar: FROM <stage> inherits the ARGs its parent stage declared (as BuildKit)', () => {
  const text = dockerfile('FROM scratch AS base', 'ARG foo=Dockerfile', 'FROM base', 'COPY $foo .', 'RUN echo $foo');
  assert.deepEqual(findings('UndefinedVar', text), []);
  // Not across unrelated stages.
  assert.equal(findings('UndefinedVar', dockerfile('FROM scratch AS a', 'ARG foo=x', 'FROM scratch', 'COPY $foo .')).length, 1);
});

test('UndefinedVar: a typo of a name the stage defines is reported even when the base image is unknown', () => {
  const text = dockerfile('FROM alpine', 'ENV APP_HOME=/app', 'WORKDIR $APP_HOEM');
  const [f] = findings('UndefinedVar', text);
  assert.equal(f?.message, "Usage of undefined variable '$APP_HOEM' (did you mean $APP_HOME?)");
  assert.deepEqual(findings('UndefinedVar', dockerfile('FROM alpine', 'ENV APP_HOME=/app', 'WORKDIR $NODE_PATH')), [], 'an unrelated name may be the base image\'s');
});
