// Positions inside instructions: continuation lines, comment lines inside them, CRLF line ends and
// the backtick escape directive all map back to the right document positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, textAt } from './helpers';

test('a reference after a continuation and a comment line', () => {
  const text = 'ARG V=1\nFROM alpine\nRUN echo a \\\n# a comment\n    && echo ${V}\n';
  const [f] = findings('UndefinedVar', text);
  assert.deepEqual(f.range, { start: { line: 4, character: 12 }, end: { line: 4, character: 16 } });
});

test('CRLF line ends do not shift columns', () => {
  const text = 'ARG V=1\r\nFROM alpine\r\nRUN echo $V\r\n';
  const [f] = findings('UndefinedVar', text);
  assert.deepEqual(f.range, { start: { line: 2, character: 9 }, end: { line: 2, character: 11 } });
});

test('the backtick escape directive continues lines with `', () => {
  const text = '# escape=`\nARG V=1\nFROM alpine\nRUN echo a `\n  $V\n';
  const [f] = findings('UndefinedVar', text);
  assert.equal(textAt(text, f), '$V');
  assert.equal(f.range.start.line, 4);
});

test('a multi-line apt-get update range ends where the command ends', () => {
  const text = 'FROM debian\nRUN apt-get \\\n    update\n';
  const [f] = findings('UpdateWithoutInstall', text);
  assert.deepEqual(f.range, { start: { line: 1, character: 4 }, end: { line: 2, character: 10 } });
});
