// Build-arg bookkeeping as the classic builder keeps it (moby builder/dockerfile/buildargs.go):
// values from --build-arg, the global ("meta") ARGs, and the ARGs a stage has declared.
import type { Range, ScopeVariable, VariableSource } from './types';

/** Proxy build args that need no ARG line to reach RUN and expansion. */
export const PREDEFINED_ARGS: ReadonlySet<string> = new Set([
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy',
  'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
]);

/** One declared ARG: its default (`null` when declared without one) and where it was declared. */
export interface ArgDeclaration {
  value: string | null;
  definedAt?: Range;
}

export class BuildArgs {
  /** ARGs the current scope has declared (a stage's, or the global ones before the first FROM). */
  private allowed = new Map<string, ArgDeclaration>();
  private readonly meta = new Map<string, ArgDeclaration>();
  readonly referenced = new Set<string>();

  constructor(private readonly fromOptions: ReadonlyMap<string, string | undefined>) {}

  /** A copy for a new stage: same options and global ARGs, no stage ARGs (ResetAllowed). */
  forStage(): BuildArgs {
    const copy = new BuildArgs(this.fromOptions);
    for (const [k, v] of this.meta) copy.meta.set(k, v);
    return copy;
  }

  addArg(name: string, declaration: ArgDeclaration): void {
    // A fresh map: instructions already modelled keep the scope they saw.
    this.allowed = new Map(this.allowed).set(name, declaration);
    this.referenced.add(name);
  }

  addMetaArg(name: string, declaration: ArgDeclaration): void {
    this.meta.set(name, declaration);
  }

  /** getBuildArg: the --build-arg value wins, then the declared default, then the global default. */
  private lookup(name: string, mapping: ReadonlyMap<string, ArgDeclaration>, global: boolean): ScopeVariable | undefined {
    const declared = mapping.get(name);
    const option = this.fromOptions.get(name);
    if (option !== undefined) {
      const source: VariableSource = declared ? 'build-arg' : PREDEFINED_ARGS.has(name) ? 'predefined-arg' : 'build-arg';
      return { name, value: option, source, definedAt: declared?.definedAt };
    }
    if (!declared || declared.value === null) {
      const metaDeclaration = this.meta.get(name);
      if (metaDeclaration && metaDeclaration.value !== null) {
        return { name, value: metaDeclaration.value, source: 'global-arg', definedAt: declared?.definedAt ?? metaDeclaration.definedAt };
      }
      return undefined;
    }
    return { name, value: declared.value, source: global ? 'global-arg' : 'arg', definedAt: declared.definedAt };
  }

  private all(mapping: ReadonlyMap<string, ArgDeclaration>, global: boolean): ScopeVariable[] {
    const result: ScopeVariable[] = [];
    for (const name of mapping.keys()) {
      const v = this.lookup(name, mapping, global);
      if (v) result.push(v);
    }
    for (const name of PREDEFINED_ARGS) {
      if (mapping.has(name)) continue;
      const v = this.lookup(name, mapping, global);
      if (v) result.push(v);
    }
    return result;
  }

  /** GetAllAllowed: the declared ARGs (and predefined ones given as build args) with values. */
  allAllowed(global = false): ScopeVariable[] { return this.all(this.allowed, global); }

  /** GetAllMeta: what FROM lines are expanded with. */
  allMeta(): ScopeVariable[] { return this.all(this.meta, true); }

  /** The current stage-ARG map, to notice whether it changed. */
  get allowedVersion(): object { return this.allowed; }
}
