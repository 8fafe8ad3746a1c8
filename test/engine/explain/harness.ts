// Builds an explain fixture with the real engine (classic builder) and reads back what the engine
// computed: the target image's Config and, for every shell-form RUN, the environment it saw.
import { ProcessResult, runProcess } from '../../support/process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { dockerCli, TEST_LABEL } from '../../support/engine';

export const PROJECT_ROOT = resolve(__dirname, '../../../..');
export const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/explain');

/** The optional `explain.json` of a fixture: inputs only, never expected values. */
export interface FixtureInputs {
  buildArgs?: string[];
  target?: string;
  /** Environment for both `docker build` and `layerwise` (for `--build-arg NAME` without value). */
  env?: Record<string, string>;
}

/** Variables the runtime (not the builder) adds to a RUN's environment; HOME only when not set. */
export const RUNTIME_ADDED = ['HOSTNAME', 'PWD', 'SHLVL'];

const BEGIN = '@@lw-env-begin';
const END = '@@lw-env-end';

export function readInputs(dir: string): FixtureInputs {
  const file = join(dir, 'explain.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as FixtureInputs : {};
}

/** Replaces `@BASE:name@` with the tag of test base image `name` (built from fixtures/_bases). */
export function substituteBases(text: string, bases: Record<string, string>): string {
  return text.replace(/@BASE:([a-z-]+)@/g, (_, name: string) => {
    if (!bases[name]) throw new Error(`fixture uses unknown base ${name}`);
    return bases[name];
  });
}

/**
 * Makes every shell-form RUN also print its environment between markers. The text goes at the
 * start of the command on the RUN's first line, so line numbers and the environment stay as they
 * are. Returns the instrumented text and the 1-based lines of the instrumented RUNs.
 */
export function instrumentRuns(text: string): { text: string; lines: number[] } {
  const parsed = DockerfileParser.parse(text);
  const docLines = text.split('\n');
  const instrumented: number[] = [];
  for (const instruction of parsed.getInstructions()) {
    if (instruction.getKeyword() !== 'RUN') continue;
    const args = instruction.getArgumentsRange();
    if (!args) continue;
    const line = args.start.line;
    const current = docLines[line];
    if (current.slice(args.start.character).startsWith('[')) continue; // exec form: no shell
    const probe = `echo ${BEGIN}-${instruction.getRange().start.line + 1} && env && echo ${END} && `;
    docLines[line] = current.slice(0, args.start.character) + probe + current.slice(args.start.character);
    instrumented.push(instruction.getRange().start.line + 1);
  }
  return { text: docLines.join('\n'), lines: instrumented };
}

/** Environments printed by instrumented RUNs, by 1-based line (a RUN may run in several builds). */
export function capturedEnvironments(output: string): Map<number, Record<string, string>> {
  const result = new Map<number, Record<string, string>>();
  const lines = output.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const begin = lines[i].match(new RegExp(`^${BEGIN}-(\\d+)$`));
    if (!begin) continue;
    const env: Record<string, string> = {};
    for (i++; i < lines.length && lines[i] !== END; i++) {
      const eq = lines[i].indexOf('=');
      if (eq > 0) env[lines[i].slice(0, eq)] = lines[i].slice(eq + 1);
    }
    result.set(Number(begin[1]), env);
  }
  return result;
}

export interface BuiltFixture {
  tag: string;
  output: string;
  status: number;
  /** Image ids the build printed (intermediate and final), to remove afterwards. */
  imageIds: string[];
  workDir: string;
}

/**
 * Like dockerCli (argv array, classic builder) but asynchronous, so that two builds can run at
 * once, and with extra environment for `--build-arg NAME` without a value.
 */
export function dockerAsync(args: string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  return runProcess('docker', args, { ...env, DOCKER_BUILDKIT: '0' });
}

/** Copies the fixture to a temp dir, instruments it and builds it (labelled, unique tag). */
export async function buildFixture(dir: string, tag: string, bases: Record<string, string>, inputs: FixtureInputs): Promise<BuiltFixture> {
  const workDir = mkdtempSync(join(tmpdir(), 'lw-explain-'));
  cpSync(dir, workDir, { recursive: true });
  const text = substituteBases(readFileSync(join(dir, 'Dockerfile'), 'utf8'), bases);
  writeFileSync(join(workDir, 'Dockerfile'), instrumentRuns(text).text);
  writeFileSync(join(workDir, 'Dockerfile.explained'), text);
  const args = ['build', '--no-cache', '--force-rm', '--network', 'none', '--label', `${TEST_LABEL}=explain`, '-t', tag, '-f', join(workDir, 'Dockerfile')];
  for (const a of inputs.buildArgs ?? []) args.push('--build-arg', a);
  if (inputs.target) args.push('--target', inputs.target);
  args.push(workDir);
  const result = await dockerAsync(args, inputs.env);
  const output = `${result.stdout}${result.stderr}`;
  const imageIds = [...output.matchAll(/^ ---> ([0-9a-f]{12})$/gm)].map((m) => m[1]);
  return { tag, output, status: result.status ?? 1, imageIds, workDir };
}

/** Runs the real CLI (dist/cli.js) on the fixture's Dockerfile (bases substituted, not instrumented). */
export function runExplain(workDir: string, inputs: FixtureInputs, extra: string[] = []): Promise<{ status: number; stdout: string; stderr: string }> {
  const original = join(workDir, 'Dockerfile.explained');
  const args = [join(PROJECT_ROOT, 'dist/cli.js'), 'explain', '--format', 'json', '--context', workDir, ...extra];
  for (const a of inputs.buildArgs ?? []) args.push('--build-arg', a);
  if (inputs.target) args.push('--target', inputs.target);
  args.push(original);
  return runProcess(process.execPath, args, inputs.env ?? {});
}


export function inspectConfig(tag: string): Record<string, unknown> {
  const result = dockerCli(['image', 'inspect', '--format', '{{json .Config}}', tag]);
  if (result.status !== 0) throw new Error(`docker image inspect ${tag}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** The engine's Config in the shape of the explain contract (absent fields as empty values). */
export function contractConfig(config: Record<string, unknown>): Record<string, unknown> {
  const keys = (v: unknown) => Object.keys((v as Record<string, unknown> | null) ?? {}).sort();
  const labels = { ...((config.Labels as Record<string, string> | null) ?? {}) };
  delete labels[TEST_LABEL]; // added by the test's own `--label`
  return {
    Env: (config.Env as string[] | null) ?? [],
    WorkingDir: (config.WorkingDir as string | undefined) ?? '',
    User: (config.User as string | undefined) ?? '',
    ExposedPorts: keys(config.ExposedPorts),
    Labels: Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]])),
    Cmd: (config.Cmd as string[] | null | undefined) ?? null,
    Entrypoint: (config.Entrypoint as string[] | null | undefined) ?? null,
    Volumes: keys(config.Volumes),
    StopSignal: (config.StopSignal as string | undefined) ?? '',
    Shell: (config.Shell as string[] | null | undefined) ?? null,
  };
}

/** Removes the images a build printed, children first, never one of `keep` (bases). */
export function removeImages(ids: string[], keep: ReadonlySet<string>): void {
  const mine = [...new Set(ids)].filter((id) => ![...keep].some((k) => k.startsWith(id)));
  if (mine.length > 0) dockerCli(['rmi', ...mine.reverse()]);
}

/** Full id of an image (to keep it out of removals). */
export function imageId(reference: string): string {
  const result = dockerCli(['image', 'inspect', '--format', '{{.Id}}', reference]);
  if (result.status !== 0) throw new Error(`docker image inspect ${reference}: ${result.stderr}`);
  return result.stdout.trim().replace(/^sha256:/, '');
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
