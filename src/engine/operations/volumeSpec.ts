// `docker run -v` values checked as the docker CLI and the engine check them, before anything is
// created: `/path` (anonymous volume), `name:/path[:mode]` (named volume), `/host:/path[:mode]`
// (bind mount; `./dir` is taken from the working folder as the CLI does). The wording is theirs.
// No `vscode` import.
import { isAbsolute, resolve } from 'node:path';

export type VolumeSpec =
  | { readonly kind: 'anonymous'; readonly target: string }
  | { readonly kind: 'named'; readonly bind: string }
  | { readonly kind: 'bind'; readonly bind: string };

/** Local volume names (moby's RestrictedNamePattern): two characters at least. */
export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

const RW = new Set(['rw', 'ro']);
const LABEL = new Set(['z', 'Z']);
const PROPAGATION = new Set(['private', 'rprivate', 'slave', 'rslave', 'shared', 'rshared']);
const COPY = new Set(['nocopy']);
const CONSISTENCY = new Set(['consistent', 'cached', 'delegated']);

/** The engine's mount modes: one of each kind at most (`ro,z`, `rw,rshared,nocopy`...). */
function validMode(mode: string): boolean {
  if (mode === '') return true;
  const seen = new Set<Set<string>>();
  for (const option of mode.split(',')) {
    const kind = [RW, LABEL, PROPAGATION, COPY, CONSISTENCY].find((k) => k.has(option));
    if (!kind || seen.has(kind)) return false;
    seen.add(kind);
  }
  return true;
}

function absoluteTarget(spec: string, target: string, type: 'bind' | 'volume'): void {
  if (!target.startsWith('/')) {
    throw new Error(`invalid volume specification: '${spec}': invalid mount config for type "${type}": invalid mount path: '${target}' mount path must be absolute`);
  }
  if (target.replace(/\/+$/, '') === '') throw new Error(`invalid volume specification: '${spec}': invalid specification: destination can't be '/'`);
}

/** One `-v` value; `cwd` is the folder a relative host path (`./src`) is relative to. */
export function parseVolume(spec: string, cwd: string): VolumeSpec {
  if (spec === '') throw new Error('invalid empty volume spec');
  if (spec.split(':').some((part) => part === '')) throw new Error(`invalid spec: ${spec}: empty section between colons`);
  const parts = spec.split(':');
  if (parts.length > 3) throw new Error(`invalid spec: ${spec}: too many colons`);
  if (parts.length === 1) {
    // The engine takes a relative path here too (`-v data` is an anonymous volume at /data).
    if (spec.replace(/\/+$/, '') === '') throw new Error(`invalid volume specification: '${spec}': invalid specification: destination can't be '/'`);
    return { kind: 'anonymous', target: spec };
  }
  const [source, target, mode = ''] = parts as [string, string, string?];
  // `/data:ro`: a mode where the destination should be.
  if (parts.length === 2 && validMode(target)) throw new Error(`invalid volume specification: '${spec}'`);
  if (!validMode(mode)) throw new Error(`invalid mode: ${mode}`);
  const isPath = source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
  if (isPath) {
    if (source.startsWith('~')) throw new Error(`-v ${spec}: give the host folder as an absolute path (~ is not expanded here; no shell reads this line)`);
    const host = isAbsolute(source) ? source : resolve(cwd, source);
    absoluteTarget(spec, target, 'bind');
    return { kind: 'bind', bind: [host, target, ...(mode ? [mode] : [])].join(':') };
  }
  if (!VOLUME_NAME.test(source)) {
    throw new Error(`create ${source}: "${source}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
  }
  absoluteTarget(spec, target, 'volume');
  return { kind: 'named', bind: spec };
}
