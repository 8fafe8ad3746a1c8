// `layerwise explain`: see docs/cli.md for the contract.
import { statSync } from 'node:fs';
import { buildModel, buildModelWithBaseImages, explain, findTarget } from '../dockerfile';
import { engineBaseImages } from './engineBaseImages';
import { formatExplainText } from './explainText';
import { parseBuildArgs, parseOptions } from './options';
import { UsageError } from './usageError';
import { readDockerfile } from './readDockerfile';

export const EXPLAIN_USAGE = 'Usage: layerwise explain [--format text|json] [--build-arg K=V]... [--target STAGE] [--context DIR] [--no-engine] FILE';

export interface Output { stdout: (text: string) => void; stderr: (text: string) => void }

export async function explainCommand(argv: string[], out: Output): Promise<number> {
  const parsed = parseOptions(argv, {
    withValue: new Set(['format', 'build-arg', 'target', 'context', 'changed', 'changed-arg']),
    repeatable: new Set(['build-arg', 'changed', 'changed-arg']),
    flags: new Set(['no-engine']),
  });
  if (parsed.values.has('changed') || parsed.values.has('changed-arg')) {
    throw new UsageError('--changed and --changed-arg are not implemented yet (layer-cache analysis comes in a later release)');
  }
  const format = parsed.values.get('format')?.[0] ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format '${format}' (expected text or json)`);
  if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length === 0 ? 'no Dockerfile given' : 'explain takes exactly one Dockerfile');
  const file = parsed.positionals[0];
  const buildArgs = parseBuildArgs(parsed.values.get('build-arg') ?? []);
  const context = parsed.values.get('context')?.[0];
  if (context !== undefined) {
    let isDirectory = false;
    try { isDirectory = statSync(context).isDirectory(); } catch { /* reported below */ }
    if (!isDirectory) throw new UsageError(`--context ${context}: not a directory`);
  }
  const text = readDockerfile(file);

  let model;
  let engineNote: string | undefined;
  if (parsed.flags.has('no-engine')) {
    model = buildModel(text, { buildArgs });
  } else {
    const engine = engineBaseImages();
    model = await buildModelWithBaseImages(text, { buildArgs }, engine.resolve);
    if (engine.unreachable) engineNote = `the Docker engine could not be asked about base images (${engine.unreachable})`;
  }
  if (model.stages.length === 0) throw new UsageError(`${file}: no FROM instruction, nothing to build`);
  const targetName = parsed.values.get('target')?.[0];
  const target = findTarget(model, targetName);
  if (!target) throw new UsageError(`no stage named '${targetName}' in ${file} (stages: ${model.stages.map((s) => s.name ?? `#${s.index}`).join(', ')})`);
  const result = explain(model, target);
  if (parsed.flags.has('no-engine') && result.baseImages.length > 0) result.notes.unshift('--no-engine: base images were not inspected');
  if (engineNote) result.notes.unshift(engineNote);
  out.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatExplainText(result, file));
  // The analysis worked, but the builder would reject this Dockerfile: say so in the exit code.
  return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
}
