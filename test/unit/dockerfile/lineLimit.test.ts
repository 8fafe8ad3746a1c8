// The builders' line limit (see src/dockerfile/lineLimit.ts; the engine test is the explain fixture
// fails-line-too-long): the byte boundary, and what lint and explain say about a file past it.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overlongLine, MAX_LINE_BYTES } from '../../../src/dockerfile/lineLimit';
import { lintAll } from '../../../src/dockerfile/rules';
import { main } from '../../../src/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'lw-line-limit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

/** `FROM` then `RUN echo <fill>` whose line is `bytes` long in UTF-8, `unit` repeated. */
function withRunLine(bytes: number, unit = 'a', ending = '\n'): string {
  const head = 'RUN echo ';
  const unitBytes = Buffer.byteLength(unit);
  assert.equal((bytes - head.length) % unitBytes, 0);
  return `FROM busybox:local\n${head}${unit.repeat((bytes - head.length) / unitBytes)}${ending}`;
}

describe('the builders\' line limit', () => {
  it('is 65,535 bytes: one more is refused, the newline not counted', () => {
    assert.equal(MAX_LINE_BYTES, 65_535);
    assert.equal(overlongLine(withRunLine(65_535)), undefined);
    assert.deepEqual(overlongLine(withRunLine(65_536)), { line: 1, offset: 'FROM busybox:local\n'.length, bytes: 65_536, characters: 65_536 });
    assert.equal(overlongLine(withRunLine(65_535, 'a', '')), undefined, 'the last line, without a newline');
    assert.equal(overlongLine(withRunLine(65_536, 'a', ''))?.line, 1);
  });

  it('counts UTF-8 bytes, not characters, and a \\r as a byte', () => {
    // 'é' is 2 bytes, '😀' 4 bytes (2 UTF-16 units).
    assert.equal(overlongLine(withRunLine(9 + 2 * 32_763, 'é')), undefined);
    assert.equal(overlongLine(withRunLine(9 + 2 * 32_764, 'é'))?.bytes, 65_537);
    assert.equal(overlongLine(withRunLine(9 + 4 * 16_381, '😀'))?.bytes, undefined);
    assert.equal(overlongLine(withRunLine(9 + 4 * 16_382, '😀'))?.bytes, 65_537);
    assert.equal(overlongLine(withRunLine(65_535, 'a', '\r\n'))?.bytes, 65_536, 'CRLF: the \\r is part of the line');
  });

  it('lint reports only LineTooLong, on that line, for a 10 MB line', () => {
    const text = `FROM busybox:local\nENV A=1\nRUN echo ${'x'.repeat(10_000_000)}\nRUN apt-get update\n`;
    const findings = lintAll(text);
    assert.deepEqual(findings.map((f) => [f.rule, f.severity, f.range.start.line]), [['LineTooLong', 'error', 2]]);
    assert.match(findings[0].message, /^dockerfile line greater than max allowed size of 65535 \(this line is 10000009 bytes\)/);
  });

  it('explain exits 1 with the builders\' message and explains the lines before it', async () => {
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, `FROM busybox:local\nENV BEFORE=read\nRUN echo ${'x'.repeat(10_000_000)}\nENV AFTER=never\n`);
    const { code, stdout } = await cli('explain', '--no-engine', '--format', 'json', path);
    assert.equal(code, 1);
    const result = JSON.parse(stdout) as { steps: Array<{ line: number }>; config: { Env: string[] }; problems: Array<{ severity: string; message: string; line: number }>; notes: string[] };
    assert.deepEqual(result.problems.map((p) => [p.severity, p.message, p.line]), [['error', 'dockerfile line greater than max allowed size of 65535', 3]]);
    assert.deepEqual(result.steps.map((s) => s.line), [1, 2]);
    assert.ok(result.config.Env.includes('BEFORE=read') && !result.config.Env.some((e) => e.startsWith('AFTER=')), JSON.stringify(result.config.Env));
    assert.ok(result.notes.some((n) => n.includes('line 3 is 10000009 bytes long')), JSON.stringify(result.notes));
  });

  it('explain of a file whose first line is too long has no stage to explain, and says so', async () => {
    const path = join(dir, 'first');
    writeFileSync(path, `FROM ${'b'.repeat(70_000)}\n`);
    const { code, stdout } = await cli('explain', '--no-engine', '--format', 'json', path);
    assert.equal(code, 1);
    const result = JSON.parse(stdout) as { steps: unknown[]; target: unknown; problems: Array<{ message: string; line: number }> };
    assert.deepEqual([result.steps, result.target, result.problems.map((p) => [p.message, p.line])], [[], null, [['dockerfile line greater than max allowed size of 65535', 1]]]);
  });
});
