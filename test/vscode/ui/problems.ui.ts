// Diagnostics as a user sees them: the sample workspace's Dockerfile, opened in a real VS Code in a
// real browser, shows its deliberate problems in the Problems panel, each under its rule's name at
// the line where the problem is. Lines are found in the file itself, not hard-coded.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rig } from '../harness/rig';
import { ProblemRow, Workbench } from '../harness/workbench';

/** Each deliberate problem of samples/workspace/Dockerfile: its rule and how to find its line. */
const SAMPLE_PROBLEMS: { rule: string; line: RegExp }[] = [
  { rule: 'MaintainerDeprecated', line: /^MAINTAINER / },
  { rule: 'UndefinedVar', line: /^RUN .*\$\{NODE_VERSION\}/ }, // global ARG not redeclared in the stage
  { rule: 'UpdateWithoutInstall', line: /^RUN apt-get update$/ },
  { rule: 'CacheBustingCopyBeforeInstall', line: /^COPY \. \.$/ },
  { rule: 'ArgUsedAtRuntime', line: /^CMD .*\$PORT/ },
];

function lineOf(file: string, pattern: RegExp): number {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((line) => pattern.test(line));
  assert.ok(index >= 0, `the sample Dockerfile no longer has a line matching ${pattern}`);
  return index + 1;
}

describe('Problems panel (browser)', function () {
  this.timeout(300_000); // a hang guard: each step waits for its own outcome
  let workbench: Workbench | undefined;
  let dockerfile = '';

  before(async () => {
    dockerfile = path.join(rig().workspace, 'Dockerfile');
    workbench = await Workbench.open();
    await workbench.openFile('Dockerfile');
    await workbench.openProblems();
  });

  after(async () => {
    await workbench?.screenshot('problems'); // the editor with its squiggles, and the panel
    await workbench?.close();
  });

  /** Waits for the panel to list `rule` (diagnostics arrive after activation and analysis). */
  async function waitForProblem(rule: string, timeoutMs = 30_000): Promise<ProblemRow[]> {
    const deadline = Date.now() + timeoutMs;
    let rows: ProblemRow[] = [];
    while (Date.now() < deadline) {
      rows = await workbench!.problems();
      if (rows.some((row) => row.code === rule)) return rows;
      await workbench!.page.waitForTimeout(250);
    }
    return rows;
  }

  it('shows a problem for the Dockerfile', async () => {
    const rows = await waitForProblem(SAMPLE_PROBLEMS[0].rule);
    assert.ok(rows.length > 0, 'the Problems panel lists nothing for the sample Dockerfile');
  });

  for (const problem of SAMPLE_PROBLEMS) {
    it(`shows ${problem.rule} at its line`, async () => {
      const line = lineOf(dockerfile, problem.line);
      // The first test waited for the analysis; all of a file's diagnostics arrive together.
      const rows = await waitForProblem(problem.rule, 3_000);
      const listed = rows.map((row) => `${row.code || '?'}@${row.line}`).join(', ') || 'nothing';
      assert.ok(
        rows.some((row) => row.code === problem.rule && row.line === line && row.source === 'layerwise'),
        `expected ${problem.rule} from layerwise at line ${line}; the panel lists: ${listed}`,
      );
    });
  }
});
