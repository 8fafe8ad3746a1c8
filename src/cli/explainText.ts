// The human-readable form of `layerwise explain`.
import { automaticPlatformArgs, DEFAULT_PLATFORM, ExplainResult } from '../dockerfile';

/** BuildKit's automatic platform ARGs: in scope of every global ARG and FROM, named once instead (JSON has their values). */
const AUTOMATIC = new Set(automaticPlatformArgs(DEFAULT_PLATFORM).map(([name]) => name));

function quoteList(values: string[] | null): string {
  return values === null ? '(none)' : JSON.stringify(values);
}

export function formatExplainText(result: ExplainResult, file: string): string {
  const out: string[] = [];
  out.push(`${file}: target stage ${result.target} (as ${result.builder === 'buildkit' ? 'BuildKit' : 'the classic builder'} builds it)`);
  for (const b of result.baseImages) out.push(`base image ${b.image} (stage ${b.stage}): ${b.known ? 'config from the engine' : 'UNKNOWN, treated as empty'}`);
  out.push('', 'Steps:');
  for (const step of result.steps) {
    const where = step.stage === null ? 'global' : `stage ${step.stage}`;
    // Global ARGs make no layer, so there is no cache to hit or miss.
    const cache = step.rebuild === undefined ? '' : step.rebuild ? `  [rebuild: ${step.rebuildReason ?? 'cache miss'}]` : step.step === false ? '  [no step]' : '  [cached]';
    out.push(`  line ${step.line}  ${where}  ${step.instruction}${step.onbuild ? ' (ONBUILD trigger)' : ''}${cache}`);
    const global = step.stage === null || (step.instruction === 'FROM' && !step.onbuild);
    const hideAutomatic = result.builder === 'buildkit' && global;
    const names = Object.keys(step.env).sort().filter((n) => !(hideAutomatic && AUTOMATIC.has(n)));
    if (step.instruction === 'RUN') {
      for (const name of names) out.push(`      ${name}=${step.env[name]}`);
    } else if (names.length > 0 || hideAutomatic) {
      out.push(`      in scope: ${[...names.map((n) => `${n}=${step.env[n]}`), ...(hideAutomatic ? ['(and the automatic platform ARGs)'] : [])].join(' ')}`);
    }
  }
  if (result.steps.some((s) => s.rebuild !== undefined)) {
    const layered = result.steps.filter((s) => s.step !== false);
    const missed = layered.filter((s) => s.rebuild);
    out.push('', missed.length === 0 ? `Rebuild: every step is cached (${layered.length} steps)` : `Rebuild: ${missed.length} of ${layered.length} steps miss the cache (first at line ${missed[0].line})`);
  }
  const c = result.config;
  out.push('', 'Image config:');
  out.push('  Env:');
  for (const e of c.Env) out.push(`    ${e}`);
  out.push(`  WorkingDir: ${c.WorkingDir || '(none)'}`);
  out.push(`  User: ${c.User || '(none)'}`);
  out.push(`  ExposedPorts: ${c.ExposedPorts.length ? c.ExposedPorts.join(' ') : '(none)'}`);
  const labels = Object.entries(c.Labels);
  out.push(`  Labels:${labels.length ? '' : ' (none)'}`);
  for (const [k, v] of labels) out.push(`    ${k}=${v}`);
  out.push(`  Cmd: ${quoteList(c.Cmd)}`);
  out.push(`  Entrypoint: ${quoteList(c.Entrypoint)}`);
  out.push(`  Volumes: ${c.Volumes.length ? c.Volumes.join(' ') : '(none)'}`);
  out.push(`  StopSignal: ${c.StopSignal || '(none)'}`);
  out.push(`  Shell: ${quoteList(c.Shell)}`);
  out.push(`  Healthcheck: ${c.Healthcheck ? JSON.stringify(c.Healthcheck) : '(none)'}`);
  out.push(`  OnBuild: ${c.OnBuild.length ? JSON.stringify(c.OnBuild) : '(none)'}`);
  out.push(`  ArgsEscaped: ${c.ArgsEscaped}`);
  if (result.notes.length || result.problems.length) out.push('');
  for (const n of result.notes) out.push(`note: ${n}`);
  for (const p of result.problems) out.push(`${file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
  return `${out.join('\n')}\n`;
}
