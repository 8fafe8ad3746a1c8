// Every rule has its page (docs/rules/<Rule>.md) with a bad and a good example, and the examples
// are true: the rule fires on the bad one and not on the good one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_RULES, lint } from '../../../src/dockerfile/rules';

const projectRoot = resolve(__dirname, '../../../..');

function example(page: string, heading: string): string | undefined {
  const match = new RegExp(`^## ${heading}\\n+\`\`\`dockerfile\\n([\\s\\S]*?)\`\`\``, 'm').exec(page);
  return match?.[1];
}

for (const rule of ALL_RULES) {
  test(`${rule.name}: docs page with a bad and a good example that the rule agrees with`, () => {
    const path = resolve(projectRoot, rule.docs);
    assert.ok(existsSync(path), `missing ${rule.docs}`);
    const page = readFileSync(path, 'utf8');
    assert.match(page, new RegExp(`^# ${rule.name}\\n`));
    const bad = example(page, 'Bad');
    const good = example(page, 'Good');
    assert.ok(bad && good, `${rule.docs} needs "## Bad" and "## Good" dockerfile examples`);
    // A page may say which build args or context files its examples are linted with.
    const buildArgs = Object.fromEntries((/<!-- build-args: (.*) -->/.exec(page)?.[1] ?? '').split(/\s+/).filter(Boolean).map((kv) => kv.split('=')));
    const files = (/<!-- context-files: (.*) -->/.exec(page)?.[1] ?? 'package.json package-lock.json server.js .dockerignore').split(/\s+/).filter(Boolean);
    const dockerignore = /<!-- dockerignore: (.*) -->/.exec(page)?.[1].split(/\s+/).join('\n');
    const options = { buildArgs, context: { dir: '.', files, ...(dockerignore ? { dockerignore } : {}) } };
    assert.ok(lint(bad, options).some((f) => f.rule === rule.name), `${rule.name} does not fire on its bad example`);
    assert.deepEqual(lint(good, options).filter((f) => f.rule === rule.name), [], `${rule.name} fires on its good example`);
  });
}

test('docs/rules/README.md lists every rule', () => {
  const index = readFileSync(resolve(projectRoot, 'docs/rules/README.md'), 'utf8');
  for (const rule of ALL_RULES) assert.ok(index.includes(`[${rule.name}](${rule.name}.md)`), `${rule.name} missing from the index`);
});
