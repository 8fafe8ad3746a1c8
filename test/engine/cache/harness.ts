// Builds a cache fixture twice with the real engine (either builder): once as it is, once after
// exactly the changes its `cache.json` asks for (context files edited or removed, build arg values
// changed), and reads from the second build's output which steps used the cache.
import { ProcessResult, runProcess } from '../../support/process';
import type { EngineStep } from '../../support/builders';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';

export const PROJECT_ROOT = resolve(__dirname, '../../../..');
export const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/cache');

/** A fixture's `cache.json`: the inputs of the two builds, never expected results. */
export interface CacheScenario {
  /** `--build-arg`s of the first build (`@BASE@` / `@ALT@` stand for the test base images). */
  buildArgs?: string[];
  /** `--build-arg`s of the rebuild; default: the same as the first build. */
  rebuildArgs?: string[];
  /** Context files to edit (a line is appended; created when absent) before the rebuild. */
  edit?: string[];
  /** Context files to delete before the rebuild. */
  remove?: string[];
  /** Context files to make executable (mode 0755), content unchanged, before the rebuild. */
  chmod?: string[];
  /** What to pass as `--changed` instead of the edited and removed files (e.g. their folder). */
  changedAs?: string[];
  target?: string;
  /** Builders that cannot build it (a BuildKit-only feature), with what the engine then says. */
  rejects?: Partial<Record<'buildkit' | 'classic', string>>;
}


export function docker(args: string[]): Promise<ProcessResult> {
  return runProcess('docker', args, { DOCKER_BUILDKIT: '0' });
}

export function readScenario(dir: string): CacheScenario {
  return JSON.parse(readFileSync(join(dir, 'cache.json'), 'utf8')) as CacheScenario;
}

/**
 * The 1-based first line of every instruction the classic builder prints a step for, in order:
 * every instruction of the stages up to the target (global ARGs included). The builder adds one
 * more step at the end for `--label`.
 */
export function builtInstructionLines(dockerfile: string, target?: string): Array<{ line: number; keyword: string; stageIndex: number }> {
  const parsed = DockerfileParser.parse(dockerfile);
  const result: Array<{ line: number; keyword: string; stageIndex: number }> = [];
  let stageIndex = -1;
  let lastStage = Infinity;
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      if (stageIndex + 1 > lastStage) break;
      stageIndex++;
      const args = instruction.getArguments().map((a) => a.getValue());
      if (target !== undefined && args.length === 3 && args[2].toLowerCase() === target.toLowerCase()) lastStage = stageIndex;
    }
    result.push({ line: instruction.getRange().start.line + 1, keyword, stageIndex });
  }
  return result;
}

/** Replaces `@BASE@`, `@ALT@` (test base images) and `@URL@` (the test's HTTP server). */
export function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/@(BASE|ALT|URL)@/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for @${name}@`);
    return values[name];
  });
}

/**
 * Serves the files of `dir` on 127.0.0.1 (for `ADD http://...`: the engine downloads it itself,
 * so `--network none` does not stop it). Resolves to the base URL and a close function.
 */
export function serveFiles(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const name = basename(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    try {
      const body = readFileSync(join(dir, name));
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolvePromise({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** Copies the fixture (without its cache.json) to a temp dir, the base images substituted. */
export function prepareContext(dir: string, bases: Record<string, string>): string {
  const workDir = mkdtempSync(join(tmpdir(), 'lw-cache-'));
  cpSync(dir, workDir, { recursive: true });
  rmSync(join(workDir, 'cache.json'));
  const dockerfile = join(workDir, 'Dockerfile');
  writeFileSync(dockerfile, substitute(readFileSync(dockerfile, 'utf8'), bases));
  return workDir;
}

/** Makes the scenario's context changes; returns what to pass as `--changed`. */
export function applyChanges(workDir: string, scenario: CacheScenario, marker: string): string[] {
  for (const path of scenario.edit ?? []) {
    const file = join(workDir, path);
    mkdirSync(dirname(file), { recursive: true });
    if (existsSync(file)) appendFileSync(file, `\n# edited ${marker}\n`);
    else writeFileSync(file, `created ${marker}\n`);
  }
  for (const path of scenario.remove ?? []) rmSync(join(workDir, path));
  for (const path of scenario.chmod ?? []) chmodSync(join(workDir, path), 0o755);
  return scenario.changedAs ?? [...(scenario.edit ?? []), ...(scenario.remove ?? []), ...(scenario.chmod ?? [])];
}

/** Build arg names whose value differs between the two builds (or is given in only one). */
export function changedArgNames(first: string[], second: string[]): string[] {
  const toMap = (list: string[]) => new Map(list.map((a) => [a.split('=')[0], a.slice(a.indexOf('=') + 1)]));
  const a = toMap(first);
  const b = toMap(second);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

/**
 * Which instruction each BuildKit step is: per stage, the steps it numbers `[stage i/n]` are FROM
 * an image (not scratch, not an earlier stage), then every RUN, COPY, ADD and WORKDIR (but
 * `WORKDIR /`) in order. Stages are named by `AS` (lower case) or `stage-N`; a build of one
 * stage has no name. Returns the 1-based line of a vertex, or undefined.
 */
export function buildkitStepLines(dockerfile: string, buildArgs: readonly string[] = []): { lineOf: (step: EngineStep) => number | undefined; instructionText: Map<number, string> } {
  const argValues = new Map(buildArgs.map((a) => [a.split('=')[0], a.slice(a.indexOf('=') + 1)]));
  // A FROM names its image through global ARGs at most: `$X` / `${X}` with the build args, else the defaults.
  const expandRef = (ref: string) => ref.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => argValues.get(n) ?? '');
  for (const instruction of DockerfileParser.parse(dockerfile).getInstructions()) {
    if (instruction.getKeyword().toUpperCase() === 'FROM') break;
    const [name, value] = (instruction.getArgumentsContent() ?? '').split('=');
    if (value !== undefined && !argValues.has(name)) argValues.set(name, value);
  }
  const parsed = DockerfileParser.parse(dockerfile);
  const stages: Array<{ name: string; ops: number[] }> = [];
  /** Each step's instruction as written on one line (what BuildKit names an identical vertex by). */
  const instructionText = new Map<number, string>();
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const line = instruction.getRange().start.line + 1;
    const args = instruction.getArguments().map((a) => a.getValue());
    if (keyword === 'FROM') {
      const base = (args.find((a) => !a.startsWith('--')) ?? '').toLowerCase();
      const name = args.length >= 3 && args[args.length - 2].toLowerCase() === 'as' ? args[args.length - 1].toLowerCase() : `stage-${stages.length}`;
      const fromImage = base !== 'scratch' && !stages.some((s) => s.name === base);
      stages.push({ name, ops: fromImage ? [line] : [] });
      if (fromImage) instructionText.set(line, `FROM ${expandRef(args.find((a) => !a.startsWith('--')) ?? '')}`);
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    if (['RUN', 'COPY', 'ADD'].includes(keyword) || (keyword === 'WORKDIR' && args.join(' ') !== '/')) {
      stage.ops.push(line);
      instructionText.set(line, `${keyword} ${instruction.getArgumentsContent() ?? args.join(' ')}`.replace(/\s+/g, ' ').trim());
    }
  }
  const lineOf = (step: EngineStep) => {
    const stage = step.stage === '' ? stages[0] : stages.find((s) => s.name === step.stage);
    return stage && step.index !== undefined ? stage.ops[step.index - 1] : undefined;
  };
  return { lineOf, instructionText };
}

/**
 * The stages a target needs, read from the Dockerfile here (not by the model under test): its
 * FROM chain and the stages its COPY --from names (by name or index), transitively.
 */
export function neededStageIndexes(dockerfile: string, target?: string): Set<number> {
  const parsed = DockerfileParser.parse(dockerfile);
  const stages: Array<{ name?: string; deps: string[] }> = [];
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const args = instruction.getArguments().map((a) => a.getValue());
    if (keyword === 'FROM') {
      const name = args.length >= 3 && args[args.length - 2].toLowerCase() === 'as' ? args[args.length - 1].toLowerCase() : undefined;
      stages.push({ name, deps: [(args.find((a) => !a.startsWith('--')) ?? '').toLowerCase()] });
    } else if (stages.length > 0) {
      // COPY --from=NAME|INDEX, and BuildKit's RUN --mount=...,from=NAME (flags are not arguments).
      const text = instruction.getTextContent();
      const from = keyword === 'COPY' ? /--from=(\S+)/.exec(text) : undefined;
      if (from) stages[stages.length - 1].deps.push(from[1].toLowerCase());
      if (keyword === 'RUN') for (const m of text.matchAll(/--mount=\S*\bfrom=([^,\s]+)/g)) stages[stages.length - 1].deps.push(m[1].toLowerCase());
    }
  }
  const indexOf = (ref: string, before: number) => {
    const named = stages.findIndex((s, i) => i < before && s.name === ref);
    return named >= 0 ? named : /^\d+$/.test(ref) && Number(ref) < before ? Number(ref) : -1;
  };
  const needed = new Set<number>();
  const visit = (i: number) => {
    if (i < 0 || needed.has(i)) return;
    needed.add(i);
    for (const d of stages[i].deps) visit(indexOf(d, i));
  };
  visit(target === undefined ? stages.length - 1 : stages.findIndex((s) => s.name === target.toLowerCase()));
  return needed;
}
