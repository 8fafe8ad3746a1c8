// The rule pages (docs/rules/<Rule>.md): their "Bad" and "Good" examples and the lint options a
// page declares for them (build args, context files, .dockerignore), for the tests that check the
// examples are true (unit) and that every quick fix applied to them builds (engine).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LintOptions } from '../../src/dockerfile/rules';

export const projectRoot = resolve(__dirname, '../../..');

export interface RulePage {
  path: string;
  text: string;
  bad?: string;
  good?: string;
  options: LintOptions;
  /** The options for the good example: the same, or with `<!-- good-dockerignore: ... -->` instead. */
  goodOptions: LintOptions;
  /** The build context's files (relative names) the examples are linted with. */
  files: string[];
  dockerignore?: string;
}

function example(page: string, heading: string): string | undefined {
  return new RegExp(`^## ${heading}\\n+\`\`\`dockerfile\\n([\\s\\S]*?)\`\`\``, 'm').exec(page)?.[1];
}

/** Reads `docs` (relative to the project root); undefined when the page does not exist. */
export function readRulePage(docs: string): RulePage | undefined {
  const path = resolve(projectRoot, docs);
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const buildArgs = Object.fromEntries((/<!-- build-args: (.*) -->/.exec(text)?.[1] ?? '').split(/\s+/).filter(Boolean).map((kv) => kv.split('=')));
  const files = (/<!-- context-files: (.*) -->/.exec(text)?.[1] ?? 'package.json package-lock.json server.js .dockerignore').split(/\s+/).filter(Boolean);
  const dockerignore = /<!-- dockerignore: (.*) -->/.exec(text)?.[1].split(/\s+/).join('\n');
  const options: LintOptions = { buildArgs, context: { dir: '.', files, ...(dockerignore ? { dockerignore } : {}) } };
  const goodIgnore = /<!-- good-dockerignore: (.*) -->/.exec(text)?.[1].split(/\s+/).join('\n');
  const goodOptions: LintOptions = goodIgnore === undefined ? options : { ...options, context: { dir: '.', files, dockerignore: goodIgnore } };
  // A page cannot show a line of 64 KiB: a line of the Bad example that ends in '…' stands for
  // that line continued past the builders' line limit (LineTooLong's).
  const bad = example(text, 'Bad')?.replace(/^(.*)…$/gm, (_, line: string) => line + 'a'.repeat(70_000));
  return { path, text, bad, good: example(text, 'Good'), options, goodOptions, files, ...(dockerignore ? { dockerignore } : {}) };
}
