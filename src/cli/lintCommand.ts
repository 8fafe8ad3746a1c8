// `layerwise lint [--format text|json|sarif] [--build-arg K=V]... [--context DIR] [--no-engine]
// FILE...`: runs the syntax checks and Layerwise's rules over each Dockerfile. The build context
// is --context, else the Dockerfile's folder (as `docker build -f DIR/Dockerfile DIR` and the
// editor take it). Exit 0 when nothing is a warning or an error, 1 when something is, 2 on bad
// usage or an unreadable file (message on stderr).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lintAllWithBaseImages } from '../dockerfile/rules';
import type { LintOptions } from '../dockerfile/rules';
import { listContextFiles, readBuildContext } from '../dockerfile/rules/buildContext';
import { engineBaseImages } from './engineBaseImages';
import { FileFinding, formatJson, formatText, toFileFinding } from './lintFormat';
import { formatSarif } from './lintFormatSarif';
import { parseBuildArgs, parseOptions } from './options';
import { UsageError } from './usageError';
import { readDockerfile } from './readDockerfile';
import { requireContextDirectory } from './contextDirectory';

export const LINT_USAGE = `Usage: layerwise lint [--format text|json|sarif] [--build-arg K=V]... [--context DIR] [--no-engine] FILE...
  FILE may be - for standard input. The context defaults to each Dockerfile's folder. Base images
  are inspected through the Docker engine unless --no-engine.
  Exit status: 0 no warning or error, 1 some, 2 bad usage.`;

export interface LintOutput { stdout: (text: string) => void; stderr: (text: string) => void }

const stdio: LintOutput = {
  stdout: (text) => { process.stdout.write(text); },
  stderr: (text) => { process.stderr.write(text); },
};

export async function runLint(argv: string[], out: LintOutput = stdio): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { out.stdout(`${LINT_USAGE}\n`); return 0; }
  try {
    return await lintFiles(argv, out);
  } catch (error) {
    if (error instanceof UsageError) { out.stderr(`layerwise lint: ${error.message}\n${LINT_USAGE}\n`); return 2; }
    // A bug of ours, not the user's: say so in one line rather than with a stack trace.
    out.stderr(`layerwise lint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

async function lintFiles(argv: string[], out: LintOutput): Promise<number> {
  const parsed = parseOptions(argv, { withValue: new Set(['format', 'build-arg', 'context']), repeatable: new Set(['build-arg']), flags: new Set(['no-engine']) });
  const format = parsed.values.get('format')?.[0] ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown --format '${format}' (expected text, json or sarif)`);
  if (parsed.positionals.length === 0) throw new UsageError('no Dockerfile given');
  const buildArgs = parseBuildArgs(parsed.values.get('build-arg') ?? []);
  const contextDir = parsed.values.get('context')?.[0];
  if (contextDir !== undefined) requireContextDirectory(contextDir);

  // Read every file first: an unreadable one is a usage error, reported before any output.
  const inputs = parsed.positionals.map((file) => ({ file, text: readDockerfile(file) }));
  const engine = parsed.flags.has('no-engine') ? undefined : engineBaseImages();
  const listings = new Map<string, string[]>();
  const findings: FileFinding[] = [];
  for (const { file, text } of inputs) {
    const dir = contextDir ?? (file === '-' ? '.' : dirname(file));
    let files = listings.get(dir);
    if (!files) { files = listContextFiles(dir); listings.set(dir, files); }
    const options: LintOptions = { buildArgs, context: readBuildContext(dir, file === '-' ? undefined : file, files) };
    let found;
    try {
      found = await lintAllWithBaseImages(text, options, engine ? engine.resolve : async () => undefined);
    } catch (error) {
      throw new Error(`while linting ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const finding of found) findings.push(toFileFinding(file === '-' ? '<stdin>' : file, finding));
  }
  if (engine?.unreachable) out.stderr(`layerwise lint: note: the Docker engine could not be asked about base images (${engine.unreachable}); linted as if they were unknown\n`);
  if (format === 'json') out.stdout(formatJson(findings));
  else if (format === 'sarif') out.stdout(formatSarif(findings, packageVersion()));
  else out.stdout(formatText(findings, inputs.length));
  return findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}

function packageVersion(): string {
  // Bundled (dist/cli.js) or compiled (out/src/cli/), package.json is a few levels up.
  for (const up of ['..', '../..', '../../..']) {
    try { return (JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0'; } catch { /* next */ }
  }
  return '0.0.0';
}
