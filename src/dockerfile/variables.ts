// The variables in scope while a Dockerfile is dispatched, for each builder. They differ:
// - classic (moby builder/dockerfile): the image's Env first, then the declared ARGs (an ENV of the
//   same name wins), and the predefined proxy ARGs given as build args even when undeclared;
// - BuildKit (dockerfile2llb): one ordered environment per stage that ENV and ARG (with a value)
//   both set, the later one winning (`ARG A` with a build arg overrides an earlier `ENV A`,
//   `ARG PATH=...` replaces PATH), that a `FROM <stage>` inherits whole (ARGs included), plus
//   automatic platform ARGs among the global ones, and proxy build args in every RUN only.
import { BuildArgs, PREDEFINED_ARGS } from './buildArgs';
import { automaticPlatformArgs, buildkitConsumesUndeclared, buildkitProxyEnv, Platform } from './builder';
import { envName } from './imageConfig';
import type { ImageConfig, Range, ScopeVariable, VariableSource } from './types';

export interface EnvInfo { source: VariableSource; definedAt?: Range }

/** One stage's variables. Scopes handed out are never changed afterwards (instructions keep them). */
export interface StageVariables {
  /** What the builder expands this instruction's words with. */
  scope(): ReadonlyMap<string, ScopeVariable>;
  /** After ENV name=value (the image config already updated). */
  setEnv(name: string, value: string, definedAt: Range): void;
  /** ARG name[=default] (the default already expanded; null without one). */
  declareArg(name: string, value: string | null, definedAt: Range): void;
  /** What a RUN's command sees (what the runtime adds left out). */
  runEnv(): Record<string, string>;
}

export interface GlobalVariables {
  /** What a global ARG's default is expanded with. */
  argScope(): ReadonlyMap<string, ScopeVariable>;
  declareArg(name: string, value: string | null, definedAt: Range): void;
  /** What FROM lines are expanded with. */
  fromScope(): ReadonlyMap<string, ScopeVariable>;
  /**
   * The variables of a new stage on `config` (its Env already holds the base's, and PATH);
   * `base` is the stage it is built FROM, if any.
   */
  stage(config: ImageConfig, envInfo: ReadonlyMap<string, EnvInfo>, base?: StageVariables): StageVariables;
  /** Whether a build arg reaches the build without an ARG line. */
  consumesUndeclared(name: string): boolean;
}

function toMap(variables: Iterable<ScopeVariable>): Map<string, ScopeVariable> {
  const map = new Map<string, ScopeVariable>();
  for (const v of variables) map.set(v.name, v);
  return map;
}

// ---- classic ----

class ClassicStage implements StageVariables {
  private cache?: { env: object; args: object; scope: ReadonlyMap<string, ScopeVariable> };
  private envVersion: object = {};

  constructor(private readonly config: ImageConfig, private envInfo: Map<string, EnvInfo>, private readonly args: BuildArgs) {}

  scope(): ReadonlyMap<string, ScopeVariable> {
    const argsVersion = this.args.allowedVersion;
    if (this.cache && this.cache.env === this.envVersion && this.cache.args === argsVersion) return this.cache.scope;
    const scope = new Map<string, ScopeVariable>();
    for (const entry of this.config.Env) {
      const eq = entry.indexOf('=');
      const name = eq < 0 ? entry : entry.slice(0, eq);
      if (scope.has(name)) continue; // the first entry wins, as in the lexer's lookup
      const info = this.envInfo.get(name) ?? { source: 'base-image' as const };
      scope.set(name, { name, value: eq < 0 ? '' : entry.slice(eq + 1), source: info.source, definedAt: info.definedAt });
    }
    for (const v of this.args.allAllowed()) if (!scope.has(v.name)) scope.set(v.name, v);
    this.cache = { env: this.envVersion, args: argsVersion, scope };
    return scope;
  }

  setEnv(name: string, _value: string, definedAt: Range): void {
    this.envInfo = new Map(this.envInfo).set(name, { source: 'env', definedAt });
    this.envVersion = {};
  }

  declareArg(name: string, value: string | null, definedAt: Range): void {
    this.args.addArg(name, { value, definedAt });
  }

  runEnv(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const v of this.scope().values()) env[v.name] = v.value;
    return env;
  }
}

class ClassicGlobals implements GlobalVariables {
  private readonly args: BuildArgs;
  constructor(options: ReadonlyMap<string, string | undefined>) { this.args = new BuildArgs(options); }
  argScope() { return toMap(this.args.allAllowed(true)); }
  declareArg(name: string, value: string | null, definedAt: Range): void {
    this.args.addArg(name, { value, definedAt });
    this.args.addMetaArg(name, { value, definedAt });
  }
  fromScope() { return toMap(this.args.allMeta()); }
  stage(config: ImageConfig, envInfo: ReadonlyMap<string, EnvInfo>): StageVariables {
    return new ClassicStage(config, new Map(envInfo), this.args.forStage());
  }
  consumesUndeclared(name: string): boolean { return PREDEFINED_ARGS.has(name); }
}

// ---- BuildKit ----

interface MetaArg { name: string; value: string | null; source: VariableSource; definedAt?: Range; automatic?: boolean }

class BuildKitStage implements StageVariables {
  /** Whether `state` was handed out (then the next change copies it first). */
  private shared = false;
  private readonly proxies: Array<[string, string]>;

  constructor(
    /** The stage's environment in BuildKit's order (llb.EnvList: a new value moves to the end). */
    private state: Map<string, ScopeVariable>,
    private readonly meta: readonly MetaArg[],
    private readonly options: ReadonlyMap<string, string | undefined>,
  ) {
    this.proxies = buildkitProxyEnv(options);
  }

  scope(): ReadonlyMap<string, ScopeVariable> {
    this.shared = true;
    return this.state;
  }

  private set(variable: ScopeVariable): void {
    if (this.shared) { this.state = new Map(this.state); this.shared = false; }
    this.state.delete(variable.name);
    this.state.set(variable.name, variable);
  }

  setEnv(name: string, value: string, definedAt: Range): void {
    this.set({ name, value, source: 'env', definedAt });
  }

  /** dispatchArg: the build arg, else the default, else the last global ARG of that name (automatic ones included). */
  declareArg(name: string, value: string | null, definedAt: Range): void {
    const option = this.options.get(name);
    if (option !== undefined) { this.set({ name, value: option, source: 'build-arg', definedAt }); return; }
    if (value !== null) { this.set({ name, value, source: 'arg', definedAt }); return; }
    let meta: MetaArg | undefined;
    for (const m of this.meta) if (m.name === name) meta = m;
    if (meta && meta.value !== null) {
      this.set({ name, value: meta.value, source: meta.source, definedAt, ...(meta.automatic ? { automatic: true } : {}) });
    }
  }

  runEnv(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const v of this.state.values()) env[v.name] = v.value;
    // The proxy build args reach every RUN, in both cases, after the stage's environment.
    for (const [name, value] of this.proxies) env[name] = value;
    return env;
  }

  /** The environment a stage built FROM this one starts with: all of it, ARGs included. */
  inherited(): Map<string, ScopeVariable> {
    this.shared = true;
    const next = new Map<string, ScopeVariable>();
    for (const v of this.state.values()) next.set(v.name, v.source === 'env' ? { ...v, source: 'inherited-env' } : v);
    return next;
  }
}

class BuildKitGlobals implements GlobalVariables {
  private readonly meta: MetaArg[] = [];
  private scopeCache?: Map<string, ScopeVariable>;

  constructor(private readonly options: ReadonlyMap<string, string | undefined>, platform: Platform) {
    for (const [name, value] of automaticPlatformArgs(platform)) {
      const option = options.get(name);
      this.meta.push(option !== undefined ? { name, value: option, source: 'build-arg' } : { name, value, source: 'global-arg', automatic: true });
    }
  }

  /** metaArgsToMap: every global ARG so far, the last of a name winning, one without a value as empty. */
  argScope(): ReadonlyMap<string, ScopeVariable> {
    if (this.scopeCache) return this.scopeCache;
    const scope = new Map<string, ScopeVariable>();
    for (const m of this.meta) {
      scope.set(m.name, { name: m.name, value: m.value ?? '', source: m.source, ...(m.definedAt ? { definedAt: m.definedAt } : {}), ...(m.automatic ? { automatic: true } : {}) });
    }
    this.scopeCache = scope;
    return scope;
  }

  declareArg(name: string, value: string | null, definedAt: Range): void {
    const option = this.options.get(name);
    this.meta.push(option !== undefined ? { name, value: option, source: 'build-arg', definedAt } : { name, value, source: 'global-arg', definedAt });
    this.scopeCache = undefined;
  }

  fromScope() { return this.argScope(); }

  stage(config: ImageConfig, envInfo: ReadonlyMap<string, EnvInfo>, base?: StageVariables): StageVariables {
    let state: Map<string, ScopeVariable>;
    if (base instanceof BuildKitStage) state = base.inherited();
    else {
      state = new Map();
      for (const entry of config.Env) {
        const name = envName(entry);
        const eq = entry.indexOf('=');
        const info = envInfo.get(name) ?? { source: 'base-image' as const };
        state.delete(name);
        state.set(name, { name, value: eq < 0 ? '' : entry.slice(eq + 1), source: info.source, ...(info.definedAt ? { definedAt: info.definedAt } : {}) });
      }
    }
    return new BuildKitStage(state, this.meta, this.options);
  }

  consumesUndeclared(name: string): boolean { return buildkitConsumesUndeclared(name); }
}

export function globalVariables(builder: 'buildkit' | 'classic', options: ReadonlyMap<string, string | undefined>, platform: Platform): GlobalVariables {
  return builder === 'classic' ? new ClassicGlobals(options) : new BuildKitGlobals(options, platform);
}
