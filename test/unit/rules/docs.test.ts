// Every named check (Layerwise's rules, the named syntax checks, InvalidCheckOptions) has its page
// (docs/rules/<Rule>.md) with a bad and a good example, and the examples are true: the check
// fires on the bad one and not on the good one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { allRuleInfos, lintAll } from '../../../src/dockerfile/rules';
import { projectRoot, readRulePage } from '../../support/ruleDocs';

for (const rule of allRuleInfos()) {
  test(`${rule.name}: docs page with a bad and a good example that the rule agrees with`, () => {
    const page = readRulePage(rule.docs);
    assert.ok(page, `missing ${rule.docs}`);
    assert.match(page.text, new RegExp(`^# ${rule.name}\\n`));
    const { bad, good, options, goodOptions } = page;
    assert.ok(bad && good, `${rule.docs} needs "## Bad" and "## Good" dockerfile examples`);
    const enable = rule.experimental ? `# check=experimental=${rule.name}\n` : '';
    assert.ok(lintAll(enable + bad, options).some((f) => f.rule === rule.name), `${rule.name} does not fire on its bad example`);
    assert.deepEqual(lintAll(enable + good, goodOptions).filter((f) => f.rule === rule.name), [], `${rule.name} fires on its good example`);
  });
}

test('docs/rules/README.md lists every rule', () => {
  const index = readFileSync(resolve(projectRoot, 'docs/rules/README.md'), 'utf8');
  for (const rule of allRuleInfos()) assert.ok(index.includes(`[${rule.name}](${rule.name}.md)`), `${rule.name} missing from the index`);
});
