// Command-line option parsing for `layerwise` subcommands (no dependency: the grammar is small).
import { Builder, DEFAULT_BUILDER, isBuilder } from '../dockerfile/builder';
import { UsageError } from './usageError';

export interface OptionSpec {
  /** Options that take a value (`--name VALUE` or `--name=VALUE`); repeatable ones collect all. */
  withValue: ReadonlySet<string>;
  repeatable: ReadonlySet<string>;
  /** Options without a value. */
  flags: ReadonlySet<string>;
}

export interface ParsedOptions {
  values: Map<string, string[]>;
  flags: Set<string>;
  positionals: string[];
}

export function parseOptions(argv: string[], spec: OptionSpec): ParsedOptions {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (spec.flags.has(name)) {
      if (eq >= 0) throw new UsageError(`option '--${name}' takes no value`);
      flags.add(name);
      continue;
    }
    if (!spec.withValue.has(name)) throw new UsageError(`unknown option '--${name}'`);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`option '--${name}' needs a value`);
      value = argv[++i];
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable.has(name)) throw new UsageError(`option '--${name}' given more than once`);
    list.push(value);
    values.set(name, list);
  }
  return { values, flags, positionals };
}

/**
 * `--build-arg K=V` sets K to V (`K=` to empty); `--build-arg K` takes K from this process's
 * environment like `docker build` does, and is ignored when it is not set there.
 */
export function parseBuildArgs(specs: string[], env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    if (name === '') throw new UsageError(`invalid --build-arg '${spec}': expected NAME=VALUE`);
    result[name] = eq < 0 ? env[name] : spec.slice(eq + 1);
  }
  return result;
}

/** `--builder buildkit|classic`: whose semantics the answer follows (default BuildKit, what users run). */
export function parseBuilderOption(values: readonly string[] | undefined): Builder {
  const value = values?.[0] ?? DEFAULT_BUILDER;
  if (!isBuilder(value)) throw new UsageError(`unknown --builder '${value}' (expected buildkit or classic)`);
  return value;
}
