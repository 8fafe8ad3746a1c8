// HEALTHCHECK as both builders parse it (BuildKit 0.8 instructions/parse.go parseHealthcheck, shared
// by the classic builder of the Docker 20.10 engine): `NONE`, or `CMD` in shell or exec form with
// --interval/--timeout/--start-period (Go durations, at least 1ms) and --retries (at least 1).
import type { HealthConfig } from './types';
import { parseJsonArray, Piece } from './instructionSyntax';

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, in nanoseconds; undefined when Go rejects it. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) { if (s[0] === '-') sign = -1; s = s.slice(1); }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[0] === '' || m[0] === '.') return undefined;
    s = s.slice(m[0].length);
    const unit = /^[^\d.]+/.exec(s)?.[0];
    if (unit === undefined || UNITS[unit] === undefined) return undefined;
    s = s.slice(unit.length);
    total += Number(m[1] || 0) * UNITS[unit] + (m[2] ? Number(`0.${m[2]}`) * UNITS[unit] : 0);
  }
  return sign * Math.round(total);
}

export interface HealthcheckParse {
  health?: HealthConfig;
  error?: string;
}

const MINIMUM_DURATION_NS = 1e6;

/**
 * `rest` is what follows the keyword and the flags (`CMD curl -f http://x`, `NONE`); `flags` the
 * values already checked by checkFlags.
 */
export function parseHealthcheck(rest: Piece, flags: ReadonlyMap<string, string[]>): HealthcheckParse {
  const typeEnd = rest.text.search(/\s/);
  const typeText = typeEnd < 0 ? rest.text : rest.text.slice(0, typeEnd);
  if (typeText === '') return { error: 'HEALTHCHECK requires at least one argument' };
  const type = typeText.toUpperCase();
  const argsText = typeEnd < 0 ? '' : rest.text.slice(typeEnd).replace(/^\s+/, '');
  const args: Piece = { text: argsText, start: rest.start + rest.text.length - argsText.length };
  if (type === 'NONE') {
    if (argsText !== '') return { error: 'HEALTHCHECK NONE takes no arguments' };
    return { health: { Test: ['NONE'] } };
  }
  if (type !== 'CMD') return { error: `Unknown type "${typeText.toUpperCase()}" in HEALTHCHECK (try CMD)` };
  const json = parseJsonArray(args);
  if (json.kind === 'error') return { error: json.error };
  const command = json.kind === 'json' ? json.items.map((p) => p.text) : argsText === '' ? [] : [argsText];
  if (command.length === 0) return { error: 'Missing command after HEALTHCHECK CMD' };
  const health: HealthConfig = { Test: [json.kind === 'json' ? 'CMD' : 'CMD-SHELL', ...command] };
  for (const [flag, key] of [['interval', 'Interval'], ['timeout', 'Timeout'], ['start-period', 'StartPeriod'], ['start-interval', 'StartInterval']] as const) {
    const value = flags.get(flag)?.[0] ?? '';
    if (value === '') continue;
    const ns = parseGoDuration(value);
    if (ns === undefined) return { error: `time: invalid duration "${value}"` };
    if (ns === 0) continue;
    if (ns < MINIMUM_DURATION_NS) return { error: `Interval "${flag}" cannot be less than 1ms` };
    health[key] = ns;
  }
  const retries = flags.get('retries')?.[0] ?? '';
  if (retries !== '') {
    if (!/^[+-]?\d+$/.test(retries) || Math.abs(Number(retries)) > 2 ** 31 - 1) return { error: `strconv.ParseInt: parsing "${retries}": invalid syntax` };
    const n = Number(retries);
    if (n < 1) return { error: `--retries must be at least 1 (not ${n})` };
    health.Retries = n;
  }
  return { health };
}
