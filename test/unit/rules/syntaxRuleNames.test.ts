import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { validate } from 'dockerfile-utils';
import { ruleNameFor } from '../../../src/dockerfile/rules/syntaxRuleNames';
import { allFindings, dockerfile } from './helpers';

const codesOf = (text: string) => validate(text).map((d) => ruleNameFor(d.code));

describe('rule names for dockerfile-utils diagnostics', () => {
  it('drops the checks Layerwise makes itself as BuildKit does (its words, its lines)', () => {
    for (const text of ['FROM busybox:local\nMAINTAINER me\n', 'FROM busybox:local\nWORKDIR app\n', 'FROM busybox:local AS a\nFROM busybox:local AS a\n', 'FROM busybox:local\nCMD a\nCMD b\n', 'FROM busybox:local\nrun true\n']) {
      assert.ok(codesOf(text).every((name) => name === undefined), text);
    }
  });

  it('gives the library-only checks names that say what is wrong, never a bare number', () => {
    assert.deepEqual(codesOf('FROM busybox:local\nFOO bar\n'), ['UnknownInstruction']);
    assert.deepEqual(codesOf('FROM debian:%%TAG%%\n'), ['InvalidReferenceFormat']);
    assert.deepEqual(codesOf('FROM alpine\nCOPY a b /x\n'), ['CopyDestinationNotDirectory']);
    assert.equal(ruleNameFor(9999), 'Syntax9999');
    assert.equal(ruleNameFor(undefined), 'Syntax');
  });
});

describe('BuildKit\'s structure checks, on BuildKit\'s lines and in its words', () => {
  const of = (rule: string, text: string) => allFindings(text).filter((f) => f.rule === rule).map((f) => [f.range.start.line, f.message]);
  it('NoEmptyContinuation: once, on the instruction\'s last line', () => {
    assert.deepEqual(of('NoEmptyContinuation', dockerfile('FROM scratch', 'COPY a \\', '', '  \\', '', 'b /')), [[5, 'Empty continuation line']]);
  });
  it('DuplicateStageName: the later stage only', () => {
    assert.deepEqual(of('DuplicateStageName', dockerfile('FROM scratch AS a', 'FROM scratch AS A')), [[1, 'Duplicate stage name "a", stage names should be unique']]);
  });
  it('MultipleInstructionsDisallowed: the earlier one; the later one\'s comment controls it', () => {
    const text = dockerfile('FROM scratch', 'CMD ["a"]', 'CMD ["b"]', 'CMD ["c"]');
    assert.deepEqual(of('MultipleInstructionsDisallowed', text), [
      [1, 'Multiple CMD instructions should not be used in the same stage because only the last one will be used'],
      [2, 'Multiple CMD instructions should not be used in the same stage because only the last one will be used'],
    ]);
    assert.deepEqual(of('MultipleInstructionsDisallowed', dockerfile('FROM scratch', 'CMD ["a"]', '# check=skip=MultipleInstructionsDisallowed', 'CMD ["b"]')), []);
  });
  it('ConsistentInstructionCasing: against the majority, upper case on a tie; mixed case always', () => {
    assert.deepEqual(of('ConsistentInstructionCasing', dockerfile('FROM scratch', 'run a')), [[1, "Command 'run' should match the case of the command majority (uppercase)"]]);
    assert.deepEqual(of('ConsistentInstructionCasing', dockerfile('from scratch', 'run a', 'COPY a /')), [[2, "Command 'COPY' should match the case of the command majority (lowercase)"]]);
    assert.deepEqual(of('ConsistentInstructionCasing', dockerfile('FROM scratch', 'Run a', 'COPY a /')), [[1, "Command 'Run' should match the case of the command majority (uppercase)"]]);
  });
  it('WorkdirRelativePath: the first WORKDIR of a stage chain, FROM <stage> inheriting it', () => {
    assert.deepEqual(of('WorkdirRelativePath', dockerfile('FROM alpine', 'WORKDIR app')), [[1, 'Relative workdir "app" can have unexpected results if the base image changes']]);
    assert.deepEqual(of('WorkdirRelativePath', dockerfile('FROM alpine AS base', 'WORKDIR /app', 'FROM base', 'WORKDIR src')), []);
    assert.deepEqual(of('WorkdirRelativePath', dockerfile('FROM alpine', 'WORKDIR /app', 'WORKDIR src')), []);
  });
  it('FromPlatformFlagConstDisallowed: a constant platform, unless the stage is named after it', () => {
    assert.deepEqual(of('FromPlatformFlagConstDisallowed', dockerfile('FROM --platform=linux/amd64 alpine')), [[0, 'FROM --platform flag should not use constant value "linux/amd64"']]);
    assert.deepEqual(of('FromPlatformFlagConstDisallowed', dockerfile('FROM --platform=linux/arm64 alpine AS build-arm64')), []);
  });
});
