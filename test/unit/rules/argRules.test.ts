// UndefinedArgInFrom, InvalidDefaultArgInFrom, SameInstructionEnvRef, SecretsUsedInArgOrEnv,
// LegacyKeyValueFormat, UnusedBuildArg, UnusedArg: one case at a time, bad and good.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, dockerfile, findings, textAt } from './helpers';

describe('UndefinedArgInFrom', () => {
  const RULE = 'UndefinedArgInFrom';
  it('reports an undeclared name in FROM, with "did you mean" and a fix', () => {
    const text = dockerfile('ARG VERSION=3.20', 'FROM alpine:${VERSON}');
    const [f, ...rest] = findings(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, f), '${VERSON}');
    assert.equal(f.message, "FROM argument 'VERSON' is not declared (did you mean VERSION?)");
    assert.equal(applyFix(text, f), dockerfile('ARG VERSION=3.20', 'FROM alpine:${VERSION}'));
  });
  it('a declared global ARG (even without a default) and BuildKit platform args are fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('ARG TAG', 'FROM alpine:$TAG')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM --platform=$BUILDPLATFORM golang:1.22', 'FROM alpine-${TARGETARCH}')), []);
  });
  it('a name only a stage ARG declares is not declared for FROM', () => {
    assert.equal(findings(RULE, dockerfile('FROM alpine', 'ARG IMG=x', 'FROM $IMG')).length, 1);
  });
});

describe('InvalidDefaultArgInFrom', () => {
  const RULE = 'InvalidDefaultArgInFrom';
  it('an ARG without a default makes the image name invalid', () => {
    const text = dockerfile('ARG TAG', 'FROM alpine:$TAG');
    const [f, ...rest] = findings(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(f.range.start.line, 1);
    assert.equal(f.message, 'Default value for ARG alpine:$TAG results in empty or invalid base image name');
  });
  it('an empty image name', () => {
    assert.equal(findings(RULE, dockerfile('ARG IMAGE', 'FROM $IMAGE')).length, 1);
  });
  it('a build arg does not hide a bad default (a plain build would still fail)', () => {
    assert.equal(findings(RULE, dockerfile('ARG TAG', 'FROM alpine:$TAG'), { buildArgs: { TAG: '3.20' } }).length, 1);
  });
  it('valid defaults, stage references and registries with ports are fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('ARG TAG=3.20', 'FROM alpine:$TAG')), []);
    assert.deepEqual(findings(RULE, dockerfile('ARG B=base', 'FROM alpine AS base', 'FROM $B')), []);
    assert.deepEqual(findings(RULE, dockerfile('ARG R=localhost:5000', 'FROM $R/team/app:1.0@sha256:' + 'a'.repeat(64))), []);
    assert.deepEqual(findings(RULE, dockerfile('ARG TAG=', 'FROM alpine${TAG:+:$TAG}')), []);
  });
});

describe('SameInstructionEnvRef', () => {
  const RULE = 'SameInstructionEnvRef';
  it('a value reads the OLD value of a variable set again in the same ENV; the fix splits the ENV', () => {
    const text = dockerfile('FROM alpine', 'ENV APP_HOME=/srv', 'ENV APP_HOME=/app APP_DATA=$APP_HOME/data');
    const [f, ...rest] = findings(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(textAt(text, f), '$APP_HOME');
    assert.match(f.message, /reads its value from before this ENV \('\/srv'\)/);
    const fixed = applyFix(text, f);
    assert.equal(fixed, dockerfile('FROM alpine', 'ENV APP_HOME=/srv', 'ENV APP_HOME=/app', 'ENV APP_DATA=$APP_HOME/data'));
    assert.deepEqual(findings(RULE, fixed), []);
  });
  it('not set before: one warning, BuildKit\'s UndefinedVar, with the same-instruction explanation', () => {
    const text = dockerfile('FROM scratch', 'ENV A=1 B=$A');
    const all = findings('UndefinedVar', text).concat(findings(RULE, text));
    assert.deepEqual(all.map((f) => f.rule), ['UndefinedVar']);
    assert.equal(textAt(text, all[0]), '$A');
    assert.match(all[0].message, /^Usage of undefined variable '\$A': A is set by this same ENV, but the values of one ENV are all expanded before any of them is set/);
    assert.equal(applyFix(text, all[0]), dockerfile('FROM scratch', 'ENV A=1', 'ENV B=$A'));
    // With a base image nobody could inspect, still reported: the name is this ENV's, a mistake either way.
    const [unknown] = findings('UndefinedVar', dockerfile('FROM alpine', 'ENV A=1 B=$A'));
    assert.match(unknown.message, /\(unless the base image sets it\)$/);
  });
  it('a pair reading its own old value, a later pair setting it, and the same value again are fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ENV PATH=/x/bin:$PATH')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ENV A=1', 'ENV B=$A A=2')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ENV A=1', 'ENV A=1 B=$A')), []);
  });
});

describe('SecretsUsedInArgOrEnv', () => {
  const RULE = 'SecretsUsedInArgOrEnv';
  it('the ARGs and ENVs of the stages with a secret word as a whole name part (a global ARG where it is redeclared)', () => {
    const text = dockerfile('ARG GITHUB_TOKEN', 'FROM alpine', 'ENV DB_PASSWORD=x OTHER=y', 'ARG AWS_SECRET_ACCESS_KEY=1', 'ARG GITHUB_TOKEN');
    const found = findings(RULE, text);
    assert.deepEqual(found.map((f) => [f.range.start.line, textAt(text, f)]), [[2, 'DB_PASSWORD'], [3, 'AWS_SECRET_ACCESS_KEY'], [4, 'GITHUB_TOKEN']]);
    assert.equal(found[0].message, 'Do not use ARG or ENV instructions for sensitive data (ENV "DB_PASSWORD")');
  });
  it('BuildKit\'s allow-list is whole name parts: public, file, version', () => {
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ENV PUBLIC_KEY=x MONKEY=1 TOKENIZER=2 KEYBOARD=3', 'ARG SECRET_PASSPHRASE_FILE', 'ARG AUTH_MODULE_VERSION', 'ENV password_file=1')), []);
    // `publication` or `profile` contain an allowed word but are not one: still secrets.
    assert.equal(findings(RULE, dockerfile('FROM alpine', 'ENV PUBLICATION_TOKEN=1 PROFILE_KEY=2')).length, 2);
  });
});

describe('LegacyKeyValueFormat', () => {
  const RULE = 'LegacyKeyValueFormat';
  it('ENV key value, with a fix that quotes a value with spaces', () => {
    const text = dockerfile('FROM alpine', 'ENV GREETING hello world');
    const [f, ...rest] = findings(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(f.range.start.line, 1);
    assert.equal(f.message, '"ENV key=value" should be used instead of legacy "ENV key value" format');
    assert.equal(applyFix(text, f), dockerfile('FROM alpine', 'ENV GREETING="hello world"'));
  });
  it('LABEL key value; no fix when the value has quotes or variables', () => {
    const [f] = findings(RULE, dockerfile('FROM alpine', 'LABEL maintainer "me <me@example.com>"'));
    assert.equal(f.fix, undefined);
  });
  it('key=value is fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ENV A=1 B="two words"', 'LABEL a=b')), []);
  });
});

describe('UnusedBuildArg', () => {
  const RULE = 'UnusedBuildArg';
  it('a build arg no ARG declares, with "did you mean"', () => {
    const [f, ...rest] = findings(RULE, dockerfile('FROM alpine', 'ARG VERSION=1', 'RUN echo $VERSION'), { buildArgs: { VERSON: '2' } });
    assert.equal(rest.length, 0);
    assert.equal(f.message, "Build arg 'VERSON' is given but no ARG declares it, so the build ignores it (did you mean VERSION?)");
    assert.equal(f.range.start.line, 0);
  });
  it('declared args and predefined proxy args are fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ARG V'), { buildArgs: { V: '1', HTTP_PROXY: 'http://p:3128' } }), []);
  });
});

describe('UnusedArg', () => {
  const RULE = 'UnusedArg';
  it('a global ARG no FROM uses and no stage redeclares (info, with a removal fix)', () => {
    const text = dockerfile('ARG DEBUG=0', 'FROM alpine', 'CMD ["sh"]');
    const [f, ...rest] = findings(RULE, text);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'info');
    assert.equal(textAt(text, f), 'DEBUG');
    assert.equal(applyFix(text, f), dockerfile('FROM alpine', 'CMD ["sh"]'));
  });
  it('a stage ARG with nothing after it that could use it', () => {
    const text = dockerfile('FROM alpine', 'ARG A=1 B=2', 'WORKDIR /x/$A', 'CMD ["sh"]');
    const found = findings(RULE, text);
    assert.deepEqual(found.map((f) => textAt(text, f)), ['B']);
    assert.equal(found[0].fix, undefined, 'no removal when the ARG declares other names');
  });
  it('used by FROM, by a redeclaration, by a command, or possibly by a RUN: fine', () => {
    assert.deepEqual(findings(RULE, dockerfile('ARG T=1', 'FROM alpine:$T')), []);
    assert.deepEqual(findings(RULE, dockerfile('ARG T=1', 'FROM alpine', 'ARG T', 'RUN echo')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ARG P=1', 'CMD echo $P')), []);
    assert.deepEqual(findings(RULE, dockerfile('FROM debian', 'ARG DEBIAN_FRONTEND=noninteractive', 'RUN apt-get update && apt-get install -y x')), []);
  });
});
