// Every quick fix writes a Dockerfile the builder accepts: each rule's fix (and its "skip this
// rule" actions) applied to the rule's docs example (docs/rules/<Rule>.md, "Bad") lints clean of
// syntax errors and builds on the real engine, with BuildKit (what users build with) and, for
// the rules' own fixes, with the classic builder too (it is stricter: `COPY a b .` is an error
// there).
//
// The examples use the images people use (node, alpine, debian...), which cannot be pulled here:
// every FROM of an image is replaced by a stand-in built from busybox:local, whose `npm`, `apk`,
// `apt-get`, `go`, `git`... only print their arguments (and create the file a `-o FILE` names).
// What is under test is whether the builder accepts the Dockerfile the fix wrote, not the tools.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allRuleInfos, lintAll } from '../../../src/dockerfile/rules';
import type { Finding, Fix } from '../../../src/dockerfile/rules';
import { applyEdits } from '../../support/fixes';
import { readRulePage } from '../../support/ruleDocs';
import { BUILDKIT_CLI, TEST_BUILD_NETWORK } from '../../support/builders';
import { dockerCli as docker, TEST_LABEL } from '../../support/engine';
import { runProcess } from '../../support/process';

const run = randomBytes(4).toString('hex');
/** This file's own label value: other test files (and other runs of this one) never remove its images. */
const LINT_LABEL = `${TEST_LABEL}=lint-fixes-${run}`;
const BASE = `layerwise-test-lint-standin:${run}`;
// Not busybox's own applets (wget...): its shell runs those itself, whatever PATH says.
const TOOLS = ['npm', 'yarn', 'node', 'apt-get', 'apt', 'apk', 'go', 'pip', 'pip3', 'git', 'curl', 'make'];
const dirs: string[] = [];
const tags: string[] = [BASE];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-lint-fixes-'));
  dirs.push(dir);
  return dir;
}

before(() => {
  const dir = tempDir();
  writeFileSync(join(dir, 'stand-in'), [
    '#!/bin/sh',
    'echo "stand-in $(basename "$0") $*"',
    'while [ $# -gt 0 ]; do if [ "$1" = -o ]; then shift; mkdir -p "$(dirname "$1")" && echo stand-in > "$1"; fi; shift; done',
    '',
  ].join('\n'));
  chmodSync(join(dir, 'stand-in'), 0o755);
  writeFileSync(join(dir, 'Dockerfile'), [
    'FROM busybox:local',
    'COPY stand-in /usr/local/bin/stand-in',
    `RUN cd /usr/local/bin && for t in ${TOOLS.join(' ')}; do ln -s stand-in "$t"; done`,
    '',
  ].join('\n'));
  const built = docker(['build', '--network', TEST_BUILD_NETWORK, '--label', LINT_LABEL, '-t', BASE, dir]);
  assert.equal(built.status, 0, `${built.stdout}${built.stderr}`);
});

after(() => {
  for (const tag of tags) docker(['rmi', tag]);
  // The classic builder's intermediate images carry the label too.
  for (let pass = 0; pass < 10; pass++) {
    const ids = [...new Set(docker(['images', '-a', '-q', '--filter', `label=${LINT_LABEL}`]).stdout.split('\n').filter(Boolean))];
    if (ids.length === 0) break;
    for (const id of ids) docker(['rmi', id]);
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The Dockerfile with every FROM of an image (not an earlier stage, not scratch) on the stand-in. */
function onStandInBase(text: string, base: string): string {
  const stages = new Set<string>();
  return text.split('\n').map((line) => {
    const from = /^(\s*FROM\s+(?:--\S+\s+)*)(\S+)(.*)$/i.exec(line);
    if (!from) return line;
    const name = /\s+AS\s+(\S+)\s*$/i.exec(from[3])?.[1];
    const image = from[2].toLowerCase();
    const replaced = image === 'scratch' || stages.has(image) ? line : `${from[1]}${base}${from[3]}`;
    if (name) stages.add(name.toLowerCase());
    return replaced;
  }).join('\n');
}

let builds = 0;
/** Asynchronous, so that the builds of several rules run at once (each has its own tag and context). */
async function build(builder: 'buildkit' | 'classic', text: string, files: string[], dockerignore: string | undefined): Promise<{ status: number | null; output: string }> {
  const dir = tempDir();
  for (const file of files) writeFileSync(join(dir, file), file === '.dockerignore' ? (dockerignore ?? '') : file.endsWith('.json') ? '{}\n' : `${file}\n`);
  if (dockerignore !== undefined) writeFileSync(join(dir, '.dockerignore'), dockerignore);
  writeFileSync(join(dir, 'Dockerfile'), text);
  const tag = `layerwise-test-lint-fix:${run}-${++builds}`;
  tags.push(tag);
  const args = ['build', '--network', TEST_BUILD_NETWORK, '--label', LINT_LABEL, '-t', tag, dir];
  // BuildKit through Debian's 20.10 CLI (the 28.x one on PATH has no buildx); classic through the PATH one.
  const result = builder === 'buildkit'
    ? await runProcess(BUILDKIT_CLI, [...args.slice(0, 1), '--progress=plain', ...args.slice(1)], { DOCKER_BUILDKIT: '1' })
    : await runProcess('docker', args, { DOCKER_BUILDKIT: '0' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A rule's own fix and the "skip this rule" actions of one finding. */
function fixesOf(finding: Finding): Array<{ fix: Fix; kind: 'fix' | 'skip' }> {
  return [
    ...(finding.fix ? [{ fix: finding.fix, kind: 'fix' as const }] : []),
    ...(finding.suppressions ?? []).map((fix) => ({ fix, kind: 'skip' as const })),
  ];
}

describe('every quick fix applied to its docs example builds on the engine', { concurrency: 3 }, () => {
  for (const rule of allRuleInfos()) {
    it(`${rule.name}: its fixes lint clean of syntax errors and build`, async () => {
      const page = readRulePage(rule.docs);
      assert.ok(page?.bad, `${rule.docs} has no Bad example`);
      const bad = rule.experimental ? `# check=experimental=${rule.name}\n${page.bad}` : page.bad;
      const found = lintAll(bad, page.options).filter((f) => f.rule === rule.name);
      assert.ok(found.length > 0, `${rule.name} does not fire on its bad example`);
      for (const finding of found) {
        for (const { fix, kind } of fixesOf(finding)) {
          const fixed = applyEdits(bad, fix.edits);
          const what = `${rule.name} "${fix.title}":\n${fixed}`;
          const errors: Finding[] = lintAll(fixed, page.options).filter((f: Finding) => f.severity === 'error');
          assert.deepEqual(errors.map((f) => `${f.rule}: ${f.message}`), [], `${what}\nhas syntax errors`);
          const remaining = lintAll(fixed, page.options).filter((f) => f.rule === rule.name);
          assert.ok(remaining.length < found.length, `${what}\nstill has every ${rule.name} finding`);
          const text = onStandInBase(fixed, BASE);
          const kit = await build('buildkit', text, page.files, page.dockerignore);
          assert.equal(kit.status, 0, `${what}\nBuildKit rejected it:\n${kit.output}`);
          // The classic builder knows none of BuildKit's automatic platform args.
          if (kind === 'fix' && !/\$\{?TARGETPLATFORM\b/.test(text)) {
            const classic = await build('classic', text, page.files, page.dockerignore);
            assert.equal(classic.status, 0, `${what}\nthe classic builder rejected it:\n${classic.output}`);
          }
        }
      }
    });
  }
});
