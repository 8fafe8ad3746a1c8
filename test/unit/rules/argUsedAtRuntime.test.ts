import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, dockerfile, findings, textAt } from './helpers';

const RULE = 'ArgUsedAtRuntime';

test('ArgUsedAtRuntime: CMD shell form uses an ARG', () => {
  const text = dockerfile('FROM alpine', 'ARG PORT=8080', 'CMD server --port $PORT');
  const [f, ...rest] = findings(RULE, text);
  assert.equal(rest.length, 0);
  assert.equal(f.severity, 'warning');
  assert.equal(f.range.start.line, 2);
  assert.equal(textAt(text, f), '$PORT');
  assert.match(f.message, /only a build ARG.*shell reads it empty/);
  assert.equal(applyFix(text, f), dockerfile('FROM alpine', 'ARG PORT=8080', 'ENV PORT=$PORT', 'CMD server --port $PORT'));
  assert.deepEqual(findings(RULE, applyFix(text, f)), []);
});

test('ArgUsedAtRuntime: ENTRYPOINT exec form passes the literal text', () => {
  const text = dockerfile('FROM alpine', 'ARG MODE=prod', 'ENTRYPOINT ["app", "--mode", "${MODE}"]');
  const [f] = findings(RULE, text);
  assert.equal(textAt(text, f), '${MODE}');
  assert.match(f.message, /literal text/);
});

test('ArgUsedAtRuntime: HEALTHCHECK CMD uses an ARG', () => {
  const text = dockerfile('FROM alpine', 'ARG PORT=80', 'HEALTHCHECK --interval=5s CMD wget -q localhost:$PORT');
  const [f] = findings(RULE, text);
  assert.equal(textAt(text, f), '$PORT');
});

test('ArgUsedAtRuntime: an ARG without a default is the same mistake', () => {
  const text = dockerfile('FROM alpine', 'ARG TOKEN_FILE', 'CMD cat $TOKEN_FILE');
  const [f] = findings(RULE, text);
  assert.equal(textAt(text, f), '$TOKEN_FILE');
  assert.equal(applyFix(text, f), dockerfile('FROM alpine', 'ARG TOKEN_FILE', 'ENV TOKEN_FILE=$TOKEN_FILE', 'CMD cat $TOKEN_FILE'));
});

test('ArgUsedAtRuntime: a name persisted with ENV (even after the CMD) is fine', () => {
  assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ARG PORT=1', 'ENV PORT=$PORT', 'CMD serve $PORT')), []);
  assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ARG PORT=1', 'CMD serve $PORT', 'ENV PORT=$PORT')), []);
});

test('ArgUsedAtRuntime: names that are not ARGs, defaults, and HEALTHCHECK NONE are fine', () => {
  assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'CMD echo $HOME')), []);
  assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ARG P=1', 'CMD serve ${P:-80}')), []);
  assert.deepEqual(findings(RULE, dockerfile('FROM alpine', 'ARG P=1', 'HEALTHCHECK NONE')), []);
});

test('ArgUsedAtRuntime: a global ARG only: no ENV fix before FROM', () => {
  const text = dockerfile('ARG P=1', 'FROM alpine', 'ARG P', 'CMD serve $P');
  const [f] = findings(RULE, text);
  assert.ok(f, 'the redeclared global ARG is still only an ARG');
  assert.equal(applyFix(text, f), dockerfile('ARG P=1', 'FROM alpine', 'ARG P', 'ENV P=$P', 'CMD serve $P'));
});
