// Image references as the engine and the docker CLI accept them (distribution/reference grammar,
// simplified: no uppercase, optional registry host[:port], optional :tag, optional @digest).
// No `vscode` import.

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);

export interface ParsedReference {
  /** Everything before the tag: `registry:5000/team/app`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** The parts of a reference, or undefined when the engine would reject it. */
export function parseReference(text: string): ParsedReference | undefined {
  const m = REFERENCE.exec(text.trim());
  if (!m || m[1]!.length > 255) return undefined;
  return { repository: m[1]!, ...(m[2] ? { tag: m[2] } : {}), ...(m[3] ? { digest: m[3] } : {}) };
}

/** Why `text` is not a valid reference (for an input box), or undefined when it is. */
export function referenceProblem(text: string, options: { allowDigest?: boolean } = {}): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return 'Enter an image reference such as name:tag or registry:5000/team/app:1.0.';
  if (/\s/.test(trimmed)) return 'A reference has no spaces.';
  const parsed = parseReference(trimmed);
  if (!parsed && parseReference(trimmed.toLowerCase())) return 'Repository names must be lowercase.';
  if (!parsed) return `"${trimmed}" is not a valid reference: use [registry[:port]/]name[:tag] (lowercase name; tag of letters, digits, _ . -).`;
  if (parsed.digest && !options.allowDigest) return 'A digest cannot be used here; give a tag.';
  return undefined;
}

/** The registry host a reference lives on (`docker.io` when it names none), as the CLI decides it. */
export function registryOf(reference: string): string {
  const slash = reference.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = reference.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
}

/** `repository:tag`, with `latest` when no tag (nor digest) is given, as `docker pull` does. */
export function withDefaultTag(reference: string): string {
  const parsed = parseReference(reference);
  if (!parsed || parsed.tag || parsed.digest) return reference.trim();
  return `${parsed.repository}:latest`;
}
