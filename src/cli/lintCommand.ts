// `layerwise lint [--format text|json|sarif] [--build-arg K=V]... [--context DIR] FILE...`: runs
// the syntax checks and Layerwise's rules over each Dockerfile. Exit 0 when nothing is a warning
// or an error, 1 when something is, 2 on bad usage or an unreadable file (message on stderr).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintAll } from '../dockerfile/rules';
import type { LintOptions } from '../dockerfile/rules';
import { FileFinding, formatJson, formatText, toFileFinding } from './lintFormat';
import { formatSarif } from './lintFormatSarif';
import { parseBuildArgs, parseOptions } from './options';
import { UsageError } from './usageError';
import { readDockerfile } from './readDockerfile';
import { requireContextDirectory } from './contextDirectory';

export const LINT_USAGE = `Usage: layerwise lint [--format text|json|sarif] [--build-arg K=V]... [--context DIR] FILE...
  FILE may be - for standard input. Exit status: 0 no warning or error, 1 some, 2 bad usage.`;

export interface LintOutput { stdout: (text: string) => void; stderr: (text: string) => void }

const stdio: LintOutput = {
  stdout: (text) => { process.stdout.write(text); },
  stderr: (text) => { process.stderr.write(text); },
};

/** Directories never worth listing for what a COPY might pick up. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const MAX_CONTEXT_FILES = 20_000;

export async function runLint(argv: string[], out: LintOutput = stdio): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { out.stdout(`${LINT_USAGE}\n`); return 0; }
  try {
    return lintFiles(argv, out);
  } catch (error) {
    if (error instanceof UsageError) { out.stderr(`layerwise lint: ${error.message}\n${LINT_USAGE}\n`); return 2; }
    // A bug of ours, not the user's: say so in one line rather than with a stack trace.
    out.stderr(`layerwise lint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function lintFiles(argv: string[], out: LintOutput): number {
  const parsed = parseOptions(argv, { withValue: new Set(['format', 'build-arg', 'context']), repeatable: new Set(['build-arg']), flags: new Set() });
  const format = parsed.values.get('format')?.[0] ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown --format '${format}' (expected text, json or sarif)`);
  if (parsed.positionals.length === 0) throw new UsageError('no Dockerfile given');
  const options: LintOptions = { buildArgs: parseBuildArgs(parsed.values.get('build-arg') ?? []) };
  const contextDir = parsed.values.get('context')?.[0];
  if (contextDir !== undefined) {
    const files = listContext(contextDir);
    options.context = { dir: contextDir, files };
    if (files.includes('.dockerignore')) {
      try { options.context.dockerignore = readFileSync(join(contextDir, '.dockerignore'), 'utf8'); } catch { /* unreadable: treated as absent */ }
    }
  }

  // Read every file first: an unreadable one is a usage error, reported before any output.
  const inputs = parsed.positionals.map((file) => ({ file, text: readDockerfile(file) }));
  const findings: FileFinding[] = [];
  for (const { file, text } of inputs) {
    let found;
    try {
      found = lintAll(text, options);
    } catch (error) {
      throw new Error(`while linting ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const finding of found) findings.push(toFileFinding(file === '-' ? '<stdin>' : file, finding));
  }
  if (format === 'json') out.stdout(formatJson(findings));
  else if (format === 'sarif') out.stdout(formatSarif(findings, packageVersion()));
  else out.stdout(formatText(findings, inputs.length));
  return findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}

/** The context's files, relative and `/`-separated (skipping .git and node_modules, capped). */
function listContext(dir: string): string[] {
  requireContextDirectory(dir);
  const files: string[] = [];
  const walk = (relative: string) => {
    let entries;
    try { entries = readdirSync(join(dir, relative), { withFileTypes: true }); } catch { return; }
    for (const entry of entries) {
      if (files.length >= MAX_CONTEXT_FILES) return;
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) { if (!SKIPPED_DIRS.has(entry.name)) walk(path); } else files.push(path);
    }
  };
  walk('');
  return files;
}

function packageVersion(): string {
  // Bundled (dist/cli.js) or compiled (out/src/cli/), package.json is a few levels up.
  for (const up of ['..', '../..', '../../..']) {
    try { return (JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0'; } catch { /* next */ }
  }
  return '0.0.0';
}
