// The value of BuildKit's lint controls — `# check=...`, a `# check=...` comment above an
// instruction, the BUILDKIT_DOCKERFILE_CHECK build arg — read exactly as BuildKit's
// linter.ParseLintOptions reads it: up to three `;`-separated `key=value` parts, keys `skip`,
// `experimental` (a comma list or `all`) and `error` (Go's strconv.ParseBool); rule names are
// matched as written (case matters); anything else is an error that fails the build.

export interface CheckConfig {
  skipAll: boolean;
  skip: ReadonlySet<string>;
  experimentalAll: boolean;
  experimental: ReadonlySet<string>;
  /** `error=true`: the build fails when a check reports something. */
  error: boolean;
}

export const NO_CHECK_CONFIG: CheckConfig = { skipAll: false, skip: new Set(), experimentalAll: false, experimental: new Set(), error: false };

export type ParsedCheckOptions = { config: CheckConfig } | { error: string };

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strings.SplitN(s, sep, n): at most n parts, the last one holding the rest. */
function splitN(s: string, sep: string, n: number): string[] {
  const parts: string[] = [];
  let rest = s;
  while (parts.length < n - 1) {
    const at = rest.indexOf(sep);
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  parts.push(rest);
  return parts;
}

/** Go's %q for the plain strings these messages quote. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

export function parseCheckOptions(value: string): ParsedCheckOptions {
  const text = value.trim();
  if (text === '') return { config: NO_CHECK_CONFIG };
  let skipAll = false;
  let experimentalAll = false;
  let error = false;
  let skip: string[] = [];
  let experimental: string[] = [];
  for (const part of splitN(text, ';', 3)) {
    const eq = part.indexOf('=');
    if (eq < 0) return { error: `invalid check option ${goQuote(part)}` };
    const key = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1);
    switch (key) {
      case 'skip': {
        const v = raw.trim();
        if (v === 'all') skipAll = true; else skip = v.split(',').map((r) => r.trim());
        break;
      }
      case 'experimental': {
        const v = raw.trim();
        if (v === 'all') experimentalAll = true; else experimental = v.split(',').map((r) => r.trim());
        break;
      }
      case 'error': {
        const v = raw.trim();
        if (TRUE.has(v)) error = true;
        else if (FALSE.has(v)) error = false;
        else return { error: `failed to parse check option ${goQuote(part)}: strconv.ParseBool: parsing ${goQuote(v)}: invalid syntax` };
        break;
      }
      default:
        return { error: `invalid check option ${goQuote(key)}` };
    }
  }
  return { config: { skipAll, skip: new Set(skip), experimentalAll, experimental: new Set(experimental), error } };
}

/** Linter.WithMergedConfig: what an instruction's comment adds (skips and experimental rules; never `error`). */
export function mergeCheckConfig(base: CheckConfig, other: CheckConfig): CheckConfig {
  return {
    skipAll: base.skipAll || other.skipAll,
    skip: other.skip.size ? new Set([...base.skip, ...other.skip]) : base.skip,
    experimentalAll: base.experimentalAll || other.experimentalAll,
    experimental: other.experimental.size ? new Set([...base.experimental, ...other.experimental]) : base.experimental,
    error: base.error,
  };
}

/** Linter.Run: an experimental rule runs only when enabled (skip does not apply to it); any other unless skipped. */
export function ruleRuns(config: CheckConfig, rule: string, experimental: boolean): boolean {
  if (experimental) return config.experimentalAll || config.experimental.has(rule);
  return !config.skipAll && !config.skip.has(rule);
}
