import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { validate } from 'dockerfile-utils';
import { ruleNameFor } from '../../../src/dockerfile/rules/syntaxRuleNames';

const codesOf = (text: string) => validate(text).map((d) => ruleNameFor(d.code));

describe('rule names for dockerfile-utils diagnostics', () => {
  it('names the checks BuildKit also has with BuildKit names', () => {
    // MAINTAINER is Layerwise's own rule now (BuildKit's wording and a fix): no library name.
    assert.deepEqual(codesOf('FROM busybox:local\nMAINTAINER me\n'), [undefined]);
    assert.deepEqual(codesOf('FROM busybox:local\nWORKDIR app\n'), ['WorkdirRelativePath']);
    assert.deepEqual(codesOf('FROM busybox:local AS a\nFROM busybox:local AS a\n').sort(), ['DuplicateStageName', 'DuplicateStageName']);
    // Only the CMD that has no effect (the first) is flagged.
    assert.deepEqual(codesOf('FROM busybox:local\nCMD a\nCMD b\n'), ['MultipleInstructionsDisallowed']);
  });

  it('gives the library-only checks readable names, and never a bare number', () => {
    assert.deepEqual(codesOf('FROM busybox:local\nrun true\n'), ['InstructionCasing']);
    assert.deepEqual(codesOf('FROM busybox:local\nFOO bar\n'), ['UnknownInstruction']);
    assert.equal(ruleNameFor(9999), 'Syntax9999');
    assert.equal(ruleNameFor(undefined), 'Syntax');
  });
});
