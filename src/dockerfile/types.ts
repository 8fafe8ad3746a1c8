// The build model's public shapes. Positions are 0-based like dockerfile-ast and LSP.
import type { Builder, Platform } from './builder';
import type { SyntaxDirective } from './directives';
import type { Heredoc } from './heredoc';
import type { RunMount } from './runMounts';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** What `docker image inspect` shows under `Config`, for the fields the builder sets. */
export interface ImageConfig {
  Env: string[];
  WorkingDir: string;
  User: string;
  /** Port keys such as `80/tcp`, in the order they were added. */
  ExposedPorts: string[];
  Labels: Record<string, string>;
  Cmd: string[] | null;
  Entrypoint: string[] | null;
  /** Volume paths in the order they were added. */
  Volumes: string[];
  StopSignal: string;
  Shell: string[] | null;
  /** ONBUILD triggers recorded in the image (run by a later FROM of it). */
  OnBuild: string[];
  /** HEALTHCHECK, as the engine stores it (durations in nanoseconds); null when none is set. */
  Healthcheck: HealthConfig | null;
  /** BuildKit sets it on every CMD; the classic builder clears it on CMD and ENTRYPOINT (Linux). */
  ArgsEscaped: boolean;
}

/** A HEALTHCHECK as `docker image inspect` shows it (zero durations and retries left out). */
export interface HealthConfig {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  /** Current BuildKit only (`--start-interval`). */
  StartInterval?: number;
  Retries?: number;
}

/** A base image's config as the engine reports it (any field may be missing or null). */
export interface BaseImageConfig {
  Env?: string[] | null;
  WorkingDir?: string | null;
  User?: string | null;
  ExposedPorts?: Record<string, unknown> | null;
  Labels?: Record<string, string> | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Volumes?: Record<string, unknown> | null;
  StopSignal?: string | null;
  Shell?: string[] | null;
  OnBuild?: string[] | null;
  Healthcheck?: HealthConfig | null;
  ArgsEscaped?: boolean | null;
}

/**
 * Looks an image reference up (e.g. in a local engine). `undefined` means unknown: the model then
 * treats the base config as empty and says so.
 */
export type BaseImageResolver = (reference: string) => BaseImageConfig | undefined;

/** Where a variable in scope got its value. */
export type VariableSource =
  | 'env'           // an ENV instruction in this stage
  | 'inherited-env' // ENV of an earlier stage this one is built FROM
  | 'base-image'    // the base image's config
  | 'default-path'  // the PATH the engine adds when the image has none
  | 'arg'           // an ARG in this stage, with its default or the global default
  | 'build-arg'     // an ARG (global or in the stage) whose value came from --build-arg
  | 'global-arg'    // an ARG before the first FROM (only FROM and global ARGs see these)
  | 'predefined-arg'; // HTTP_PROXY and friends given as build args, no ARG line needed

export interface ScopeVariable {
  name: string;
  value: string;
  source: VariableSource;
  /** The instruction (ENV, ARG) that defined it, when it is in this Dockerfile. */
  definedAt?: Range;
  /** One of BuildKit's automatic platform ARGs (BUILDPLATFORM, TARGETARCH...), not declared here. */
  automatic?: boolean;
}

/** A `$name` / `${name...}` the builder expands. */
export interface VariableReference {
  name: string;
  range: Range;
  nameRange: Range;
  modifier?: string;
  /** Whether the name was defined when the builder expanded it. */
  defined: boolean;
  /** `$1`, `$@`...: never defined, always empty. */
  special?: boolean;
  /** The definition it resolved to, when defined. */
  resolvedTo?: ScopeVariable;
}

export interface ModelProblem {
  severity: 'error' | 'warning';
  message: string;
  range: Range;
}

export interface InstructionModel {
  /** Upper-case keyword (`RUN`); for ONBUILD triggers executed here, the trigger's keyword. */
  keyword: string;
  /** The instruction as the builder prints it (`Step N/M : ...`), after line joining. */
  text: string;
  range: Range;
  /** Stage index; -1 for global ARGs before the first FROM. */
  stage: number;
  /** Set on an ONBUILD trigger of the base, run when this stage's FROM is dispatched. */
  onbuildTrigger?: boolean;
  /** The variables the builder expands words with at this instruction (before it runs). */
  scope: ReadonlyMap<string, ScopeVariable>;
  /** For RUN: the environment the command sees (without what the runtime adds). */
  runEnv?: Record<string, string>;
  /** Variables this instruction's expanded words reference (empty for RUN/CMD/ENTRYPOINT...). */
  references: VariableReference[];
  /** Whether the builder expands this instruction's words (FROM, ENV, ARG, LABEL, WORKDIR...). */
  expands: boolean;
  /** For ARG: the names it declares (after expansion). */
  declares?: string[];
  /** ENV and ARG: each name set, with the references its value (or ARG default) expanded. */
  assignments?: Array<{ name: string; references: VariableReference[]; hasDefault?: boolean }>;
  /**
   * Whether the builder makes a build step of it (a layer for the classic builder, a vertex of the
   * build graph for BuildKit). The classic builder makes one for every instruction in a stage;
   * BuildKit only for FROM an image, RUN, COPY, ADD and WORKDIR (not `/`): ENV, ARG, LABEL, CMD...
   * only change the image's metadata, and `FROM <stage>` continues that stage's steps.
   */
  makesStep: boolean;
  /** The flags as the builder read them (`--mount` may repeat). */
  flags?: ReadonlyMap<string, string[]>;
  /** RUN: its `--mount`s (BuildKit). */
  mounts?: RunMount[];
  /** RUN, COPY, ADD: the heredocs it opens (BuildKit). */
  heredocs?: Heredoc[];
  /** WORKDIR: the working directory after it (absolute). */
  workdir?: string;
}

export interface StageModel {
  index: number;
  /** Lower-cased `AS` name, as the builder matches it. */
  name?: string;
  nameRange?: Range;
  fromRange: Range;
  /** The FROM image after expansion with the global ARGs. */
  baseName: string;
  /** Set when the base is an earlier stage. */
  baseStage?: number;
  /** Set when the base is an image (not a stage, not scratch): whether its config was known. */
  baseImage?: { reference: string; known: boolean };
  instructions: InstructionModel[];
  /** The image config after the stage's last instruction. */
  config: ImageConfig;
  /** Stages this one needs: its base stage and `COPY --from` stages. */
  dependsOn: number[];
}

export interface BuildModel {
  /** Whose semantics this model follows. */
  builder: Builder;
  escapeChar: string;
  /** Global ARGs before the first FROM. */
  globalArgs: InstructionModel[];
  stages: StageModel[];
  problems: ModelProblem[];
  /**
   * Build args given that no ARG in the whole file declares and that are not predefined. (The
   * builder warns about those no ARG of the stages it built declares: see explain's list.)
   */
  unusedBuildArgs: string[];
  /** The names of the build args given, in order. */
  givenBuildArgs: string[];
  /** Image references used as bases (not stages, not scratch), in order of first use. */
  baseImageReferences: string[];
  /** The `# syntax=` directive, when there is one (BuildKit then builds with that frontend image). */
  syntax?: SyntaxDirective;
  /**
   * What the reader should know about how this model answers (a frontend image, features newer
   * than this engine's BuildKit, ambiguous proxy build args), with the line it is about.
   */
  notes: Array<{ message: string; range: Range }>;
}

export interface BuildModelOptions {
  /** `--build-arg` values; `undefined` for a name given without a value (and not in the env). */
  buildArgs?: Record<string, string | undefined>;
  baseImages?: BaseImageResolver;
  /** Whose semantics to follow; default `buildkit` (what Docker Engine 23+ and Desktop build with). */
  builder?: Builder;
  /** The platform BuildKit builds on and for (its automatic ARGs); default linux/amd64. */
  platform?: Platform;
}
