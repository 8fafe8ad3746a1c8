// Builds an explain fixture with the real engine (either builder) and reads back what the engine
// computed: the target image's whole Config and, for every shell-form RUN, the environment it saw.
import { runProcess } from '../../support/process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { buildWith, EngineBuild, TestBuilder } from '../../support/builders';
import { dockerCli, engineClient, TEST_LABEL } from '../../support/engine';

export const PROJECT_ROOT = resolve(__dirname, '../../../..');
export const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/explain');

/** The optional `explain.json` of a fixture: inputs only, never expected values. */
export interface FixtureInputs {
  buildArgs?: string[];
  target?: string;
  /** Environment for both `docker build` and `layerwise` (for `--build-arg NAME` without value). */
  env?: Record<string, string>;
  /**
   * Builders that reject this Dockerfile, with (part of) what the engine then says. The model,
   * asked for that builder, must report an error the engine printed word for word.
   */
  rejects?: Partial<Record<TestBuilder, string>>;
  /**
   * Builders this engine cannot build it with for a reason the model answers past (a frontend
   * image it cannot pull, a feature newer than its BuildKit): what the engine says, and what the
   * model's notes must say about it.
   */
  beyondEngine?: Partial<Record<TestBuilder, { engineSays: string; noteSays: string }>>;
}

/**
 * Variables the runtime (not the builder) adds to a RUN's environment when the image does not set
 * them: compared only when the model has them, otherwise left out on both sides.
 */
export const RUNTIME_ADDED = ['HOSTNAME', 'PWD', 'SHLVL', 'HOME'];
/** What the runtime sets HOME to when the image does not: root's home, or / for another user. */
export const RUNTIME_HOMES = ['/root', '/'];

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

export interface BuiltFixture extends EngineBuild {
  tag: string;
  workDir: string;
}

/** Copies the fixture to a temp dir, instruments it and builds it (labelled, unique tag, no cache). */
export async function buildFixture(builder: TestBuilder, dir: string, tag: string, bases: Record<string, string>, inputs: FixtureInputs, label: string): Promise<BuiltFixture> {
  const workDir = mkdtempSync(join(tmpdir(), 'lw-explain-'));
  cpSync(dir, workDir, { recursive: true });
  const text = substituteBases(readFileSync(join(dir, 'Dockerfile'), 'utf8'), bases);
  writeFileSync(join(workDir, 'Dockerfile'), instrumentRuns(text).text);
  writeFileSync(join(workDir, 'Dockerfile.explained'), text);
  const built = await buildWith(builder, {
    context: workDir, dockerfile: join(workDir, 'Dockerfile'), tag, buildArgs: inputs.buildArgs, target: inputs.target,
    noCache: true, labels: { [TEST_LABEL]: label }, env: inputs.env,
  });
  return { ...built, tag, workDir };
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


/** The image's Config and parent exactly as the engine API reports them (every field). */
export async function inspectImage(tag: string): Promise<{ config: Record<string, unknown>; parent: string }> {
  const info = await engineClient().getImage(tag).inspect() as unknown as { Config: Record<string, unknown>; Parent: string };
  return { config: info.Config ?? {}, parent: info.Parent ?? '' };
}

/** Config fields the engine always reports with these values for a built image (neither builder sets them). */
const RUNTIME_CONFIG: Record<string, unknown> = {
  Hostname: '', Domainname: '', AttachStdin: false, AttachStdout: false, AttachStderr: false, Tty: false, OpenStdin: false, StdinOnce: false,
};
/** Fields the engine leaves out when empty (omitempty), with their empty value. */
const OMITTED_WHEN_EMPTY: Record<string, unknown> = { NetworkDisabled: false, MacAddress: '' };

/**
 * Compares the WHOLE Config the engine reports with explain's: every field explain models must be
 * equal; the fields no builder sets must hold their constant values; `Image` is the parent image
 * for the classic builder and empty for BuildKit. A field the engine reports that is in none of
 * these fails the comparison. Returns the differences, empty when none.
 */
export function configDifferences(builder: TestBuilder, engine: { config: Record<string, unknown>; parent: string }, explained: Record<string, unknown>): string[] {
  const differences: string[] = [];
  const expected = contractConfig(engine.config);
  const actual: Record<string, unknown> = { ...explained, Labels: { ...(explained.Labels as Record<string, string>) } };
  delete (actual.Labels as Record<string, string>)[TEST_LABEL]; // the test's own --label, inherited by bases too
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (JSON.stringify(expected[key]) !== JSON.stringify(actual[key])) differences.push(`${key}: engine ${JSON.stringify(expected[key])}, explain ${JSON.stringify(actual[key])}`);
  }
  for (const [key, value] of Object.entries(engine.config)) {
    if (key in expected) continue;
    if (key in RUNTIME_CONFIG) {
      if (JSON.stringify(value) !== JSON.stringify(RUNTIME_CONFIG[key])) differences.push(`${key}: engine ${JSON.stringify(value)}, expected ${JSON.stringify(RUNTIME_CONFIG[key])}`);
    } else if (key === 'Image') {
      const want = builder === 'classic' ? engine.parent : '';
      if (value !== want) differences.push(`Image: engine ${JSON.stringify(value)}, expected ${JSON.stringify(want)} (${builder === 'classic' ? 'the parent image' : 'empty for BuildKit'})`);
    } else if (key in OMITTED_WHEN_EMPTY) {
      if (JSON.stringify(value) !== JSON.stringify(OMITTED_WHEN_EMPTY[key])) differences.push(`${key}: engine ${JSON.stringify(value)}`);
    } else {
      differences.push(`${key}: the engine reports ${JSON.stringify(value)}, which explain does not model`);
    }
  }
  return differences;
}

/** The engine's Config in the shape of explain's (absent fields as empty values). */
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
    OnBuild: (config.OnBuild as string[] | null | undefined) ?? [],
    Healthcheck: (config.Healthcheck as Record<string, unknown> | null | undefined) ?? null,
    ArgsEscaped: (config.ArgsEscaped as boolean | undefined) ?? false,
  };
}

/**
 * Removes the images a build printed, children first, never one of `keep` (bases). Asynchronous:
 * the file's other tests go on meanwhile.
 */
export async function removeImages(ids: string[], keep: ReadonlySet<string>): Promise<void> {
  const mine = [...new Set(ids)].filter((id) => ![...keep].some((k) => k.startsWith(id)));
  if (mine.length > 0) await runProcess('docker', ['rmi', ...mine.reverse()], { DOCKER_BUILDKIT: '0' });
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
