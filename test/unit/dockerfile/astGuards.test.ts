// dockerfile-ast 0.7.1 recursed forever on a variable in a line that starts before its image's
// first instruction (an indented instruction ahead of the first FROM), so lint threw "Maximum call
// stack size exceeded" on such a keystroke; and threw a TypeError on a heredoc name holding `<<`.
// Both found by the fuzzing; src/dockerfile/astGuards.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintAll } from '../../../src/dockerfile/rules';

test('lint holds on an indented instruction with a variable before the first FROM', () => {
  for (const text of ['\tRUN echo $X\n', ' ARG A=$B\nFROM scratch\n', '# c\n\tapt-get install $x; \\\n# d\n\nCMD ["irb"]\n']) {
    const findings = lintAll(text);
    assert.ok(findings.length > 0, `${JSON.stringify(text)}: the problems are still reported`);
  }
  // The variable still resolves against the ARGs before the first FROM.
  assert.deepEqual(lintAll('  ARG TAG=1\nFROM busybox:$TAG\n').filter((f) => f.severity === 'error'), []);
});

test('lint holds on a heredoc name that holds << (dockerfile-ast read past its openers)', () => {
  assert.doesNotThrow(() => lintAll('RUN <<-"X<<" bash\n\techo $A\n\tX\nWORKDIR $HOME\n'));
});
