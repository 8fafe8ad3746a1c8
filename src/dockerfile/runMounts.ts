// `RUN --mount=...` as BuildKit reads it (frontend/dockerfile/instructions/commands_runmount.go,
// parseMount, of the 0.8 the Docker 20.10 engine embeds; its messages word for word), and what each
// mount puts in the step's cache key (dockerfile2llb/convert_runmount.go, llbsolver/ops/exec.go).

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';

export interface RunMount {
  type: MountType;
  /** A stage name or an image (bind and cache); empty: the build context (bind) or nothing. */
  from: string;
  source: string;
  target: string;
  readOnly: boolean;
  id: string;
  sharing: string;
  required: boolean;
  /** Keys only current BuildKit knows (`env` for secrets, `size` for tmpfs...). */
  newerKeys: string[];
}

const TYPES: ReadonlySet<string> = new Set(['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
const SHARING: ReadonlySet<string> = new Set(['shared', 'private', 'locked']);
/** Keys current BuildKit accepts that 0.8 rejects as unexpected. */
const NEWER_KEYS: ReadonlySet<string> = new Set(['env', 'size']);

/** encoding/csv's view of one record: comma-separated fields, `"` quoting with `""` for a quote. */
export function csvFields(value: string): { fields: string[]; error?: string } {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  for (;;) {
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length) return { fields, error: 'failed to parse csv mounts: parse error on line 1, column ' + (value.length + 1) + ': extraneous or missing " in quoted-field' };
        if (value[i] === '"') {
          if (value[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += value[i++];
      }
      if (i < value.length && value[i] !== ',') return { fields, error: `failed to parse csv mounts: parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field` };
    } else {
      while (i < value.length && value[i] !== ',') {
        if (value[i] === '"') return { fields, error: `failed to parse csv mounts: parse error on line 1, column ${i + 1}: bare " in non-quoted-field` };
        field += value[i++];
      }
    }
    fields.push(field);
    field = '';
    if (i >= value.length) return { fields };
    i++; // the comma
  }
}

const parseBool = (v: string): boolean | undefined => {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
};

/** parseMount: the mount, or BuildKit's error for it. */
export function parseRunMount(value: string): { mount?: RunMount; error?: string } {
  const csv = csvFields(value);
  if (csv.error) return { error: csv.error };
  const m: RunMount = { type: 'bind', from: '', source: '', target: '', readOnly: false, id: '', sharing: '', required: false, newerKeys: [] };
  let roAuto = true;
  let fileInfo = '';
  for (const field of csv.fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro') { m.readOnly = true; roAuto = false; continue; }
      if (key === 'readwrite' || key === 'rw') { m.readOnly = false; roAuto = false; continue; }
      if (key === 'required') {
        if (m.type === 'secret' || m.type === 'ssh') { m.required = true; continue; }
        return { error: `unexpected key '${key}' for mount type '${m.type}'` };
      }
      return { error: `invalid field '${field}' must be a key=value pair` };
    }
    const v = field.slice(eq + 1);
    switch (key) {
      case 'type':
        if (!TYPES.has(v.toLowerCase())) return { error: `unsupported mount type "${v}"` };
        m.type = v.toLowerCase() as MountType;
        break;
      case 'from': m.from = v; break;
      case 'source': case 'src': m.source = v; break;
      case 'target': case 'dst': case 'destination': m.target = v; break;
      case 'readonly': case 'ro': case 'readwrite': case 'rw': {
        const b = parseBool(v);
        if (b === undefined) return { error: `invalid value for ${key}: ${v}` };
        m.readOnly = key === 'readonly' || key === 'ro' ? b : !b;
        roAuto = false;
        break;
      }
      case 'required': {
        if (m.type !== 'secret' && m.type !== 'ssh') return { error: `unexpected key '${key}' for mount type '${m.type}'` };
        const b = parseBool(v);
        if (b === undefined) return { error: `invalid value for ${key}: ${v}` };
        m.required = b;
        break;
      }
      case 'id': m.id = v; break;
      case 'sharing':
        if (!SHARING.has(v.toLowerCase())) return { error: `unsupported sharing value "${v}"` };
        m.sharing = v.toLowerCase();
        break;
      case 'mode':
        if (!/^[0-7]+$/.test(v)) return { error: `invalid value ${v} for mode` };
        fileInfo ||= 'mode';
        break;
      case 'uid': case 'gid':
        if (!/^\d+$/.test(v)) return { error: `invalid value ${v} for ${key}` };
        fileInfo ||= key;
        break;
      default:
        if (NEWER_KEYS.has(key)) { m.newerKeys.push(key); break; }
        return { error: `unexpected key '${key}' in '${field}'` };
    }
  }
  const fileInfoAllowed = m.type === 'secret' || m.type === 'ssh' || m.type === 'cache';
  if (fileInfo && !fileInfoAllowed) return { error: `${fileInfo} not allowed for "${m.type}" type mounts` };
  if (roAuto) m.readOnly = !(m.type === 'cache' || m.type === 'tmpfs');
  if (m.sharing && m.type !== 'cache') return { error: `invalid cache sharing set for ${m.type} mount` };
  if (m.type === 'secret') {
    if (m.from !== '') return { error: 'secret mount should not have a from' };
    if (m.source === '' && m.target === '' && m.id === '') return { error: 'invalid secret mount. one of source, target required' };
    if (m.source !== '' && m.id !== '') return { error: "both source and id can't be set" };
  }
  if (m.type === 'ssh' && m.source !== '') return { error: 'ssh does not support source' };
  return { mount: m };
}

/** The stage (or image) a mount reads from: bind and cache mounts with `from=`. */
export function mountSourceStage(m: RunMount): string | undefined {
  return (m.type === 'bind' || m.type === 'cache') && m.from !== '' ? m.from : undefined;
}

/**
 * What the mount adds to the step's cache key besides its own definition: a bind mount (and a
 * cache mount seeded `from=` a stage) is keyed on the content at its source path (content-based:
 * unchanged content hits the cache even when what produced it ran again). Cache, tmpfs, secret
 * and ssh mounts are keyed on their definition only: their content never misses the cache.
 */
export function mountKeyedOnContent(m: RunMount): boolean {
  return m.type === 'bind' || (m.type === 'cache' && m.from !== '');
}
