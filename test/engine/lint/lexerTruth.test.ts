// What the lexer claims about the builder, shown on the engine here (Docker 20.10, both of its
// builders): a required variable that is unset fails the build with the message ExpansionError
// reports; the forms current BuildKit added (`${v-w}`, `${v#p}`, `${v/p/r}`...) are refused by this
// engine with exactly the error of the lexer's 'moby-20.10' forms, while Layerwise (following
// current Docker) expands them; and a form both have expands to what the model says.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel, processWord } from '../../../src/dockerfile';
import { lintAll } from '../../../src/dockerfile/rules';
import { dockerCli, TEST_LABEL } from '../../support/engine';
import { TEST_BUILD_NETWORK } from '../../support/builders';

const run = randomBytes(4).toString('hex');
const LABEL = `${TEST_LABEL}=lint-lexer-${run}`;
const dirs: string[] = [];
const tags: string[] = [];

after(() => {
  for (const tag of tags) dockerCli(['rmi', tag]);
  for (const id of new Set(dockerCli(['images', '-a', '-q', '--filter', `label=${LABEL}`]).stdout.split('\n').filter(Boolean))) dockerCli(['rmi', id]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function build(builder: 'classic' | 'buildkit', text: string): { status: number | null; output: string; tag: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lw-lexer-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'Dockerfile'), text);
  const tag = `layerwise-test-lint-lexer:${run}-${tags.length}`;
  tags.push(tag);
  const args = ['build', '--network', TEST_BUILD_NETWORK, '--label', LABEL, '-t', tag, dir];
  const result = builder === 'classic'
    ? dockerCli(args)
    : spawnSync('/usr/bin/docker', ['build', '--progress=plain', ...args.slice(1)], { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '1' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, tag };
}

describe('the lexer\'s claims, on the engine here', { concurrency: 1 }, () => {
  it('${V:?msg} with V unset fails the build with the message ExpansionError reports', () => {
    const text = 'FROM busybox:local\nARG V\nENV A=${V:?required}\n';
    const [finding] = lintAll(text).filter((f) => f.rule === 'ExpansionError');
    assert.equal(finding?.message, 'failed to process "${V:?required}": V: required');
    for (const builder of ['classic', 'buildkit'] as const) {
      const result = build(builder, text);
      assert.notEqual(result.status, 0, builder);
      assert.ok(result.output.includes('V: required'), `${builder}:\n${result.output}`);
    }
  });

  it('the forms current Docker added are refused here, with the 20.10 lexer\'s own error; Layerwise expands them', () => {
    for (const form of ['${UNSET-word}', '${A#a}', '${A%a}', '${A/a/b}', '${A+x}']) {
      const text = `FROM busybox:local\nENV A=a\nENV B=${form}\n`;
      const legacy = processWord(form, '\\', (n) => (n === 'A' ? 'a' : undefined), undefined, { forms: 'moby-20.10' }).error;
      assert.equal(legacy, `failed to process ${JSON.stringify(form)}: missing ':' in substitution`);
      assert.deepEqual(lintAll(text).filter((f) => f.rule === 'ExpansionError'), [], `${form}: current BuildKit expands it`);
      for (const builder of ['classic', 'buildkit'] as const) {
        const result = build(builder, text);
        assert.notEqual(result.status, 0, `${builder} accepted ${form}`);
        assert.ok(result.output.includes("missing ':' in substitution"), `${builder} ${form}:\n${result.output}`);
      }
    }
  });

  it('forms both lexers have expand on the engine to what the model says', () => {
    const text = 'FROM busybox:local\nARG V=x\nENV E=\nENV A=${V:-d} B=${E:-d} C=${V:+alt} D=${E:+alt} F="${V}-$V"\n';
    const model = buildModel(text);
    const result = build('classic', text);
    assert.equal(result.status, 0, result.output);
    const env = JSON.parse(dockerCli(['image', 'inspect', '--format', '{{json .Config.Env}}', result.tag]).stdout) as string[];
    for (const entry of model.stages[0].config.Env) assert.ok(env.includes(entry), `${entry} not in ${env.join(' ')}`);
    assert.ok(env.includes('A=x') && env.includes('B=d') && env.includes('C=alt') && env.includes('D=') && env.includes('F=x-x'), env.join(' '));
  });
});
