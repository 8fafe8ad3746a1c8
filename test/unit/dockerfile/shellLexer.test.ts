// The shell lexer against the forms current BuildKit's lexer expands (frontend/dockerfile/shell),
// case by case: non-colon defaults, required values, prefix/suffix trimming and replacement with
// shell patterns, and the errors BuildKit reports. And Docker 20.10's older lexer (the engine
// here), which refuses the newer forms.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { processWord, processWords } from '../../../src/dockerfile';
import type { LexedReference } from '../../../src/dockerfile/shellLexer';

const ENV: Record<string, string> = { PATH_V: '/usr/local/bin/tool.tar.gz', EMPTY: '', NAME: 'hello world', DOTS: 'a.b.c.d', STAR: 'x*y', EMOJI: 'a😀b' };
const lookup = (name: string) => ENV[name];
const word = (text: string, escape = '\\') => processWord(text, escape, lookup);
const value = (text: string) => { const r = word(text); assert.equal(r.error, undefined, `${text}: ${r.error}`); return r.value; };
const error = (text: string) => word(text).error;

describe('shell lexer: defaults and alternatives with and without a colon', () => {
  it('${v-w} uses w only when v is unset; ${v:-w} also when it is empty', () => {
    assert.equal(value('${UNSET-word}'), 'word');
    assert.equal(value('${EMPTY-word}'), '');
    assert.equal(value('${EMPTY:-word}'), 'word');
    assert.equal(value('${NAME-word}'), 'hello world');
  });
  it('${v+w} gives w when v is set (even empty); ${v:+w} when it is not empty', () => {
    assert.equal(value('${EMPTY+alt}'), 'alt');
    assert.equal(value('${EMPTY:+alt}'), '');
    assert.equal(value('${UNSET+alt}'), '');
    assert.equal(value('${NAME:+alt}'), 'alt');
  });
  it('${v?msg} fails when unset, ${v:?msg} also when empty, with the message or BuildKit\'s default', () => {
    assert.equal(error('${UNSET?need it}'), 'failed to process "${UNSET?need it}": UNSET: need it');
    assert.equal(value('${EMPTY?need it}'), '');
    assert.equal(error('${EMPTY:?}'), 'failed to process "${EMPTY:?}": EMPTY: is not allowed to be empty');
    assert.equal(error('${UNSET?}'), 'failed to process "${UNSET?}": UNSET: is not allowed to be unset');
    assert.equal(value('${NAME:?x}'), 'hello world');
  });
});

describe('shell lexer: patterns', () => {
  it('# and ## trim the shortest and longest matching prefix', () => {
    assert.equal(value('${PATH_V#*/}'), 'usr/local/bin/tool.tar.gz');
    assert.equal(value('${PATH_V##*/}'), 'tool.tar.gz');
    assert.equal(value('${DOTS#a.?.}'), 'c.d');
    assert.equal(value('${DOTS#x*}'), 'a.b.c.d', 'no match: unchanged');
    assert.equal(value('${UNSET##*}'), '');
  });
  it('% and %% trim the shortest and longest matching suffix', () => {
    assert.equal(value('${PATH_V%.*}'), '/usr/local/bin/tool.tar');
    assert.equal(value('${PATH_V%%.*}'), '/usr/local/bin/tool');
    assert.equal(value('${DOTS%.?}'), 'a.b.c');
  });
  it('/ replaces the first match, // every one; the replacement is literal for /', () => {
    assert.equal(value('${DOTS/./-}'), 'a-b.c.d');
    assert.equal(value('${DOTS//./-}'), 'a-b-c-d');
    assert.equal(value('${NAME/o*/0}'), 'hell0', 'greedy *');
    assert.equal(value('${DOTS//?/x}'), 'xxxxxxx');
    assert.equal(value('${UNSET//a/b}'), '');
  });
  it('a pattern is * and ? only: [ ] are literal, \\* is a literal star', () => {
    assert.equal(value('${STAR#x\\*}'), 'y');
    assert.equal(value('${DOTS#[a]}'), 'a.b.c.d');
    assert.equal(error('${DOTS#\\a}'), 'failed to process "${DOTS#\\\\a}": invalid pattern (\\a) in substitution: invalid escape \'\\a\'');
  });
  it('? is one character, even outside the BMP', () => {
    assert.equal(value('${EMOJI#a?}'), 'b');
    assert.equal(value('${EMOJI%?b}'), 'a');
  });
  it('// with a pattern that can match empty: Go\'s rules (no replacement right after a match)', () => {
    assert.equal(value('${DOTS//*/x}'), 'x');
    assert.equal(value('${EMPTY//*/x}'), 'x');
  });
  it('references carry their operator', () => {
    const refs: LexedReference[] = [];
    processWord('${A-x}${B:-y}${C##p}${D//a/b}', '\\', lookup, refs);
    assert.deepEqual(refs.map((r) => [r.name, r.modifier, r.colon ?? false]), [['A', '-', false], ['B', '-', true], ['C', '##', false], ['D', '//', false]]);
  });
});

describe('shell lexer: what BuildKit refuses', () => {
  it('the errors, in BuildKit\'s words', () => {
    assert.equal(error('${A:=b}'), 'failed to process "${A:=b}": unsupported modifier (:=) in substitution');
    assert.equal(error('${A=b}'), 'failed to process "${A=b}": unsupported modifier (=) in substitution');
    assert.equal(error('${A:#b}'), 'failed to process "${A:#b}": unsupported modifier (:#) in substitution');
    assert.equal(error('${#A}'), 'failed to process "${#A}": unsupported modifier (A) in substitution');
    assert.equal(error('${A/b}'), 'failed to process "${A/b}": syntax error: missing \'/\' in ${}');
    assert.equal(error('${A-b'), 'failed to process "${A-b": syntax error: missing \'}\'');
    assert.equal(error('${:A}'), 'failed to process "${:A}": syntax error: bad substitution');
  });
});

describe('shell lexer: words', () => {
  it('<< and the blanks after it stay together (a heredoc marker)', () => {
    assert.deepEqual(processWords('cat << EOF', '\\', lookup).value, ['cat', '<< EOF']);
    assert.deepEqual(processWords('a < b', '\\', lookup).value, ['a', '<', 'b']);
  });
});

describe('shell lexer: Docker 20.10\'s older forms (the engine here)', () => {
  const legacy = (text: string) => processWord(text, '\\', lookup, undefined, { forms: 'moby-20.10' });
  it('refuses what current BuildKit expands', () => {
    assert.equal(legacy('${UNSET-word}').error, 'failed to process "${UNSET-word}": missing \':\' in substitution');
    assert.equal(legacy('${DOTS#a}').error, 'failed to process "${DOTS#a}": missing \':\' in substitution');
    assert.equal(legacy('${EMPTY:-w}').value, 'w');
    assert.deepEqual(processWords('cat << EOF', '\\', lookup, undefined, { forms: 'moby-20.10' }).value, ['cat', '<<', 'EOF']);
  });
});
