// The `--flags` each instruction accepts, and the errors the builder gives for the others. Both
// builders of the Docker 20.10 engine parse with the same instructions package (BuildKit 0.8's
// bflag.go: "Unknown flag: x", "Missing a value on flag: x"...); the classic builder then refuses
// what only BuildKit does (RUN flags, --chmod). Flags that only current BuildKit knows (`--link`,
// `--exclude`...) are told apart, so that the model can follow current BuildKit for them and say
// that this engine would refuse them.
import type { Builder } from './builder';
import type { Piece } from './instructionSyntax';

type FlagKind = 'string' | 'strings' | 'bool';

/** What BuildKit 0.8 registers per instruction (instructions/parse.go). */
const ENGINE_FLAGS: Record<string, Record<string, FlagKind>> = {
  FROM: { platform: 'string' },
  COPY: { chown: 'string', from: 'string', chmod: 'string' },
  ADD: { chown: 'string', chmod: 'string' },
  RUN: { mount: 'strings' },
  HEALTHCHECK: { interval: 'string', timeout: 'string', 'start-period': 'string', retries: 'string' },
};

/** What current BuildKit adds (frontend/dockerfile/instructions on moby/buildkit master). */
const NEWER_FLAGS: Record<string, Record<string, FlagKind>> = {
  COPY: { link: 'bool', exclude: 'strings', parents: 'bool' },
  ADD: { link: 'bool', exclude: 'strings', 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool' },
  RUN: { network: 'string', security: 'string', device: 'strings' },
  HEALTHCHECK: { 'start-interval': 'string' },
};

/** Instructions whose flags the parser never checks (ARG, STOPSIGNAL: extracted and ignored). */
const UNCHECKED: ReadonlySet<string> = new Set(['ARG', 'STOPSIGNAL']);

const REQUIRES_BUILDKIT = (flag: string) =>
  `the --${flag} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled`;

export interface FlagCheck {
  /** Flag values by name (`--mount` may repeat). */
  values: Map<string, string[]>;
  /** The builder rejects the instruction (the first error, as it stops there). */
  error?: string;
  /** Flags only current BuildKit knows, with the error this engine's BuildKit gives for them. */
  newer: Array<{ name: string; engineError: string }>;
}

/** BFlags.Parse for one instruction, then the classic builder's own refusals. */
export function checkFlags(keyword: string, flags: readonly Piece[], builder: Builder, healthcheckNone = false): FlagCheck {
  const values = new Map<string, string[]>();
  const newer: FlagCheck['newer'] = [];
  if (UNCHECKED.has(keyword) || (keyword === 'HEALTHCHECK' && healthcheckNone)) return { values, newer };
  const known = ENGINE_FLAGS[keyword] ?? {};
  const later = NEWER_FLAGS[keyword] ?? {};
  let error: string | undefined;
  const fail = (message: string) => { error ??= message; };
  for (const flag of flags) {
    const arg = flag.text;
    if (!arg.startsWith('--')) { fail(`Arg should start with -- : ${arg}`); break; }
    if (arg === '--') break;
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const value = eq < 0 ? '' : arg.slice(eq + 1);
    const kind = known[name] ?? later[name];
    if (kind === undefined) { fail(`Unknown flag: ${name}`); break; }
    if (known[name] === undefined) {
      newer.push({ name, engineError: `Unknown flag: ${name}` });
      if (builder === 'classic') { fail(`Unknown flag: ${name}`); break; }
    }
    if (values.has(name) && kind !== 'strings') { fail(`Duplicate flag specified: ${name}`); break; }
    if (kind === 'bool') {
      if (eq >= 0 && value === '') { fail(`Missing a value on flag: ${name}`); break; }
      const lower = value.toLowerCase();
      if (lower !== '' && lower !== 'true' && lower !== 'false') { fail(`Expecting boolean value for flag ${name}, not: ${value}`); break; }
      values.set(name, [lower === '' ? 'true' : lower]);
      continue;
    }
    if (eq < 0) { fail(`Missing a value on flag: ${name}`); break; }
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  if (!error && builder === 'classic') {
    // dispatchRun: "classic builder RUN currently does not support any flags"; --chmod likewise.
    if (keyword === 'RUN' && values.size > 0) error = REQUIRES_BUILDKIT([...values.keys()][0]);
    else if ((keyword === 'COPY' || keyword === 'ADD') && (values.get('chmod')?.[0] ?? '') !== '') error = REQUIRES_BUILDKIT('chmod');
  }
  return { values, newer, ...(error ? { error } : {}) };
}

/** The note for a flag this engine's BuildKit does not know yet. */
export function newerFlagNote(keyword: string, name: string, engineError: string): string {
  return `${keyword} --${name} needs a newer BuildKit than this engine's (Docker 20.10 embeds BuildKit 0.8, whose built-in frontend says "${engineError}"); answered as current BuildKit does it`;
}
