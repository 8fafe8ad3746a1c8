// Builds a cache fixture twice with the real engine (classic builder): once as it is, once after
// exactly the changes its `cache.json` asks for (context files edited or removed, build arg values
// changed), and reads from the second build's output which steps used the cache.
import { ProcessResult, runProcess } from '../../support/process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { TEST_LABEL } from '../../support/engine';

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
}


export function docker(args: string[]): Promise<ProcessResult> {
  return runProcess('docker', args, { DOCKER_BUILDKIT: '0' });
}

export function readScenario(dir: string): CacheScenario {
  return JSON.parse(readFileSync(join(dir, 'cache.json'), 'utf8')) as CacheScenario;
}

/** One `Step N/M : ...` of a classic build: whether it printed `Using cache`, and its image. */
export interface BuiltStep {
  text: string;
  usingCache: boolean;
  /** The image the step produced (absent for global ARGs, which make none). */
  imageId?: string;
}

export function parseSteps(output: string): BuiltStep[] {
  const steps: BuiltStep[] = [];
  const blocks = output.split(/^Step \d+\/\d+ : /m).slice(1);
  for (const block of blocks) {
    const lines = block.split('\n');
    const ids = [...block.matchAll(/^ ---> ([0-9a-f]{12})$/gm)].map((m) => m[1]);
    steps.push({ text: lines[0], usingCache: /^ ---> Using cache$/m.test(block), imageId: ids[ids.length - 1] });
  }
  return steps;
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

export function buildArgv(workDir: string, tag: string, scenario: CacheScenario, buildArgs: string[]): string[] {
  const args = ['build', '--force-rm', '--network', 'none', '--label', `${TEST_LABEL}=cache`, '-t', tag];
  for (const a of buildArgs) args.push('--build-arg', a);
  if (scenario.target) args.push('--target', scenario.target);
  args.push(workDir);
  return args;
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
