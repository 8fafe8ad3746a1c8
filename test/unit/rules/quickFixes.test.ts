// The quick fixes issue 8 asked for: MAINTAINER to the authors label, a lone `apt-get update`
// merged into the RUN that installs, shell-form CMD/ENTRYPOINT to the exec form where that runs
// the same program, and for every rule "skip this rule" (`# check=skip=Rule`, merged into the
// check line already there).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/dockerfile/rules';
import { applyEdits } from '../../support/fixes';
import { allFindings, applyFix, dockerfile, findings } from './helpers';

describe('MaintainerDeprecated: the fix writes the OCI authors label', () => {
  it('BuildKit\'s message on the instruction; the text kept exactly', () => {
    const text = dockerfile('FROM alpine', 'MAINTAINER Jane "JD" Doe <jane@example.com> $HOME');
    const [f] = findings('MaintainerDeprecated', text);
    assert.equal(f.message, 'Maintainer instruction is deprecated in favor of using label');
    assert.equal(f.range.start.line, 1);
    assert.equal(applyFix(text, f), dockerfile('FROM alpine', 'LABEL org.opencontainers.image.authors="Jane \\"JD\\" Doe <jane@example.com> \\$HOME"'));
    const backtick = dockerfile('# escape=`', 'FROM alpine', 'MAINTAINER a`b "c"');
    assert.equal(applyFix(backtick, findings('MaintainerDeprecated', backtick)[0]), dockerfile('# escape=`', 'FROM alpine', 'LABEL org.opencontainers.image.authors="a``b `"c`""'));
  });
});

describe('UpdateWithoutInstall: the fix moves the update into the RUN that installs', () => {
  it('the next RUN installs with the same tool: one RUN', () => {
    const text = dockerfile('FROM debian', 'RUN apt-get update', 'RUN apt-get install -y curl', 'CMD ["curl"]');
    const [f] = findings('UpdateWithoutInstall', text);
    const fixed = applyFix(text, f);
    assert.equal(fixed, dockerfile('FROM debian', 'RUN apt-get update && apt-get install -y curl', 'CMD ["curl"]'));
    assert.deepEqual(findings('UpdateWithoutInstall', fixed), []);
  });
  it('no fix where merging could change something: no install next, more in the RUN, flags', () => {
    for (const text of [
      dockerfile('FROM debian', 'RUN apt-get update', 'COPY x /x', 'RUN apt-get install -y curl'),
      dockerfile('FROM debian', 'RUN apt-get update && echo done', 'RUN apt-get install -y curl'),
      dockerfile('FROM debian', 'RUN --network=host apt-get update', 'RUN apt-get install -y curl'),
      dockerfile('FROM alpine', 'RUN apt-get update', 'RUN apk add curl'),
    ]) assert.equal(findings('UpdateWithoutInstall', text)[0].fix, undefined, text);
  });
});

describe('JSONArgsRecommended: the exec form where it runs the same program', () => {
  it('plain words become a JSON array', () => {
    const text = dockerfile('FROM node', 'CMD node server.js --port=8080');
    const fixed = applyFix(text, findings('JSONArgsRecommended', text)[0]);
    assert.equal(fixed, dockerfile('FROM node', 'CMD ["node", "server.js", "--port=8080"]'));
    assert.deepEqual(findings('JSONArgsRecommended', fixed), []);
    const entry = dockerfile('FROM node', 'ENTRYPOINT /usr/local/bin/serve');
    assert.equal(applyFix(entry, findings('JSONArgsRecommended', entry)[0]), dockerfile('FROM node', 'ENTRYPOINT ["/usr/local/bin/serve"]'));
  });
  it('no fix where the shell does something, or the other instruction would change meaning', () => {
    for (const text of [
      dockerfile('FROM node', 'CMD node server.js --port $PORT'),
      dockerfile('FROM node', 'CMD node a.js && node b.js'),
      dockerfile('FROM node', 'CMD exec node server.js'),
      dockerfile('FROM node', 'CMD node "my file.js"'),
      dockerfile('FROM node', 'ENTRYPOINT serve', 'CMD --port=1'),
      dockerfile('FROM node', 'ENTRYPOINT ["tini", "--"]', 'CMD node server.js'),
    ]) {
      for (const f of findings('JSONArgsRecommended', text)) assert.equal(f.fix, undefined, text);
    }
  });
  it('not reported when the base stage has a SHELL (as BuildKit)', () => {
    assert.deepEqual(findings('JSONArgsRecommended', dockerfile('FROM alpine AS base', 'SHELL ["/bin/ash", "-c"]', 'FROM base', 'CMD echo hi')), []);
    assert.deepEqual(findings('JSONArgsRecommended', dockerfile('FROM img', 'CMD echo hi'), { baseImages: () => ({ Shell: ['/bin/bash', '-c'] }) }), []);
  });
});

function skipFixes(f: Finding): { instruction?: string; file?: string } {
  const byTitle = (word: string) => f.suppressions?.find((s) => s.title.includes(word));
  return { instruction: byTitle('instruction')?.title, file: byTitle('file')?.title };
}

describe('every rule: skip it here, or in the file', () => {
  it('the instruction action writes a comment above it; the file action writes the directive', () => {
    const text = dockerfile('FROM scratch', 'ENV DB_PASSWORD=x', 'ENV API_TOKEN=y');
    const [first] = allFindings(text);
    assert.deepEqual(skipFixes(first), {
      instruction: 'Skip SecretsUsedInArgOrEnv for this instruction (# check=skip=SecretsUsedInArgOrEnv)',
      file: 'Skip SecretsUsedInArgOrEnv in this file (# check=skip=SecretsUsedInArgOrEnv)',
    });
    const here = applyEdits(text, first.suppressions![0].edits);
    assert.equal(here, dockerfile('FROM scratch', '# check=skip=SecretsUsedInArgOrEnv', 'ENV DB_PASSWORD=x', 'ENV API_TOKEN=y'));
    assert.deepEqual(allFindings(here).map((f) => f.range.start.line), [3]);
    const file = applyEdits(text, first.suppressions![1].edits);
    assert.equal(file, dockerfile('# check=skip=SecretsUsedInArgOrEnv', 'FROM scratch', 'ENV DB_PASSWORD=x', 'ENV API_TOKEN=y'));
    assert.deepEqual(allFindings(file), []);
  });
  it('merges into the check line already there (BuildKit reads only the first)', () => {
    const cases: Array<[string[], string[]]> = [
      [['# syntax=docker/dockerfile:1', '# check=error=true', 'FROM scratch AS Base'], ['# syntax=docker/dockerfile:1', '# check=error=true;skip=StageNameCasing', 'FROM scratch AS Base']],
      [['# check=skip=UndefinedVar', 'FROM scratch AS Base'], ['# check=skip=UndefinedVar,StageNameCasing', 'FROM scratch AS Base']],
      [['#!/bin/sh', 'FROM scratch AS Base'], ['#!/bin/sh', '# check=skip=StageNameCasing', 'FROM scratch AS Base']],
    ];
    for (const [before, after] of cases) {
      const text = dockerfile(...before);
      const f = allFindings(text).find((x) => x.rule === 'StageNameCasing')!;
      const fileFix = f.suppressions!.find((s) => s.title.includes('in this file'))!;
      assert.equal(applyEdits(text, fileFix.edits), dockerfile(...after), before.join(' | '));
      assert.deepEqual(allFindings(dockerfile(...after)).filter((x) => x.rule === 'StageNameCasing'), []);
    }
    const commented = dockerfile('FROM scratch', '# check=skip=UndefinedVar // fixture', 'ENV DB_PASSWORD=x');
    const f = allFindings(commented)[0];
    assert.equal(applyEdits(commented, f.suppressions![0].edits), dockerfile('FROM scratch', '# check=skip=UndefinedVar,SecretsUsedInArgOrEnv // fixture', 'ENV DB_PASSWORD=x'));
  });
  it('rules BuildKit checks for the whole file, errors, and a build arg in force: only what works', () => {
    const reserved = allFindings(dockerfile('FROM scratch', 'FROM scratch AS scratch')).find((f) => f.rule === 'ReservedStageName')!;
    assert.deepEqual(skipFixes(reserved), { instruction: undefined, file: 'Skip ReservedStageName in this file (# check=skip=ReservedStageName)' });
    assert.ok(allFindings(dockerfile('FROM scratch', 'FOO bar')).every((f) => f.severity !== 'error' || f.suppressions === undefined));
    const viaArg = allFindings(dockerfile('FROM scratch', 'ENV DB_PASSWORD=x'), { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'error=false' } })[0];
    assert.deepEqual(skipFixes(viaArg).file, undefined);
  });
  it('on the first instruction the comment would be a directive: one action, for the file', () => {
    const f = allFindings(dockerfile('FROM scratch AS Base'))[0];
    assert.deepEqual(skipFixes(f), { instruction: undefined, file: 'Skip StageNameCasing in this file (# check=skip=StageNameCasing)' });
  });
});
