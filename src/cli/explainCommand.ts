// `layerwise explain`: see docs/cli.md for the contract.
import { dirname } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel, buildModelWithBaseImages, DockerignoreError, dockerignoreProblems, explain, ExplainProblem, findTarget, LINE_TOO_LONG_MESSAGE, overlongLine, rebuildPlan } from '../dockerfile';
import { enginePlatform, fallbackPlatform } from './explainPlatform';
import { readContextChanges } from './contextFiles';
import { engineBaseImages } from './engineBaseImages';
import { formatExplainText } from './explainText';
import { parseBuildArgs, parseBuilderOption, parseOptions } from './options';
import { UsageError } from './usageError';
import { readDockerfile } from './readDockerfile';
import { requireContextDirectory } from './contextDirectory';

export const EXPLAIN_USAGE = 'Usage: layerwise explain [--format text|json] [--builder buildkit|classic] [--build-arg K=V]... [--target STAGE] [--context DIR] [--changed PATH]... [--changed-arg NAME]... [--no-engine] FILE';

export interface Output { stdout: (text: string) => void; stderr: (text: string) => void }

export async function explainCommand(argv: string[], out: Output): Promise<number> {
  const parsed = parseOptions(argv, {
    withValue: new Set(['format', 'builder', 'build-arg', 'target', 'context', 'changed', 'changed-arg']),
    repeatable: new Set(['build-arg', 'changed', 'changed-arg']),
    flags: new Set(['no-engine']),
  });
  const format = parsed.values.get('format')?.[0] ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format '${format}' (expected text or json)`);
  const builder = parseBuilderOption(parsed.values.get('builder'));
  if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length === 0 ? 'no Dockerfile given' : 'explain takes exactly one Dockerfile');
  const file = parsed.positionals[0];
  const buildArgs = parseBuildArgs(parsed.values.get('build-arg') ?? []);
  const changed = parsed.values.get('changed') ?? [];
  const changedArgs = parsed.values.get('changed-arg') ?? [];
  for (const name of changedArgs) if (!/^[^=\s]+$/.test(name)) throw new UsageError(`invalid --changed-arg '${name}': expected a build arg NAME`);
  const context = parsed.values.get('context')?.[0];
  if (context !== undefined) requireContextDirectory(context);
  const whole = readDockerfile(file);
  // A line the builders refuse: the build fails before anything is built. What comes before it is
  // still explained (it is all that can be read); the problem says why the build fails.
  const overlong = overlongLine(whole);
  const text = overlong ? whole.slice(0, overlong.offset) : whole;
  const tooLong: ExplainProblem[] = overlong
    ? [{ severity: 'error', message: LINE_TOO_LONG_MESSAGE, line: overlong.line + 1, column: 1, endLine: overlong.line + 1, endColumn: overlong.characters + 1 }]
    : [];

  let model;
  let engineNote: string | undefined;
  if (parsed.flags.has('no-engine')) {
    model = buildModel(text, { buildArgs, builder, platform: fallbackPlatform() });
  } else {
    const engine = engineBaseImages();
    // Only BuildKit defines platform ARGs; their values are the engine's platform.
    const platform = (builder === 'buildkit' ? await enginePlatform() : undefined) ?? fallbackPlatform();
    model = await buildModelWithBaseImages(text, { buildArgs, builder, platform }, engine.resolve);
    if (engine.unreachable) engineNote = `the Docker engine could not be asked about base images (${engine.unreachable})`;
  }
  if (model.stages.length === 0 && overlong) {
    const refused = { builder, target: null, config: null, steps: [], baseImages: [], unusedBuildArgs: [], notes: [`line ${overlong.line + 1} is ${overlong.bytes} bytes long; nothing was analysed`], problems: tooLong };
    out.stdout(format === 'json' ? `${JSON.stringify(refused, null, 2)}\n` : `${file}:${overlong.line + 1}: error: ${LINE_TOO_LONG_MESSAGE}\n`);
    return 1;
  }
  if (model.stages.length === 0) throw new UsageError(`${file}: no FROM instruction, nothing to build`);
  const targetName = parsed.values.get('target')?.[0];
  const target = findTarget(model, targetName);
  if (!target) throw new UsageError(`no stage named '${targetName}' in ${file} (stages: ${model.stages.map((s) => s.name ?? `#${s.index}`).join(', ')})`);
  // The context defaults to the Dockerfile's folder (the current one for standard input).
  const contextDir = context ?? (file === '-' ? '.' : dirname(file));
  const ignoreProblems = rejectedDockerignore(contextDir, model.globalArgs[0]?.range.start.line ?? model.stages[0].fromRange.start.line);
  let plan;
  let planNote: string | undefined;
  if ((changed.length > 0 || changedArgs.length > 0) && ignoreProblems.length > 0) {
    planNote = 'no rebuild plan: docker build fails on the context\'s .dockerignore before it builds anything (see problems)';
  } else if (changed.length > 0 || changedArgs.length > 0) {
    try {
      const contextChanges = readContextChanges(contextDir, file === '-' ? undefined : file, changed);
      plan = rebuildPlan(model, target, { ...contextChanges, changedArgs });
    } catch (error) {
      if (error instanceof DockerignoreError) throw new UsageError(`${contextDir}/.dockerignore: ${error.message}`);
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code === 'string') throw new UsageError(`cannot read the build context ${contextDir}: ${(error as Error).message}`);
      throw error;
    }
  }
  const result = explain(model, target, plan);
  result.problems.unshift(...tooLong, ...ignoreProblems);
  if (overlong) result.notes.push(`line ${overlong.line + 1} is ${overlong.bytes} bytes long: only the lines before it were analysed`);
  if (planNote) result.notes.push(planNote);
  if (parsed.flags.has('no-engine') && result.baseImages.length > 0) result.notes.unshift('--no-engine: base images were not inspected');
  if (engineNote) result.notes.unshift(engineNote);
  out.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatExplainText(result, file));
  // The analysis worked, but the builder would reject this Dockerfile: say so in the exit code.
  return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
}

/**
 * What `docker build` refuses in the context's .dockerignore, as problems on the Dockerfile's first
 * instruction (the CLI fails before it sends the context), as lint's InvalidDockerignorePattern.
 */
function rejectedDockerignore(contextDir: string, firstLine: number): ExplainProblem[] {
  const path = join(contextDir, '.dockerignore');
  if (!existsSync(path)) return [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return []; // unreadable here: docker build would say so itself
  }
  return dockerignoreProblems(text).map((p) => ({
    severity: 'error' as const,
    message: `.dockerignore line ${p.line + 1}: ${p.message}: docker build refuses the file and fails`,
    line: firstLine + 1, column: 1, endLine: firstLine + 1, endColumn: 1,
  }));
}
