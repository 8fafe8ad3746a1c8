// What one Dockerfile instruction did in a build, for either builder, and how the editor words
// it. The classic builder's `Step N/M` records (buildSteps.ts) and BuildKit's vertexes
// (buildkitSteps.ts) both end up here, so the code lenses and the failure diagnostics need not know
// which builder ran. No `vscode` import.
import type { Range } from '../../dockerfile';

/**
 * ran / cached: the step made its layer now, or reused it from the cache;
 * base: a FROM that picked its base image;
 * meta: (classic) a global ARG, a step without an image;
 * config: (BuildKit) the instruction makes no step: it only sets the image config or a build arg,
 *   or it starts from another stage;
 * failed: the step the build failed in; cancelled: stopped by a cancel (BuildKit: or because
 *   another step failed meanwhile); not-run: the build stopped before this step started;
 * unbuilt: (BuildKit) a stage the target does not need, which BuildKit does not build.
 */
export type StepOutcome = 'ran' | 'cached' | 'base' | 'meta' | 'config' | 'failed' | 'cancelled' | 'not-run' | 'unbuilt';

export type Builder = 'buildkit' | 'classic';

export interface InstructionResult {
  readonly outcome: StepOutcome;
  /** The instruction's range in the Dockerfile text that was built (0-based lines); none for steps of no line (the classic `labels` step). */
  readonly range?: Range;
  /** How the builder named the step: `Step 3/9 : RUN make`, `#7 [stage-1 2/4] RUN make`. */
  readonly step?: string;
  readonly durationMs?: number;
  /** Bytes the step's layer added, where the image history tells it (BuildKit: the target's stages only). */
  readonly sizeBytes?: number;
  /** The history entry the size came from (`RUN /bin/sh -c make # buildkit`...). */
  readonly createdBy?: string;
  /** The image the step left (classic: the short id printed; BuildKit: the layer's image id when it is the image itself). */
  readonly imageId?: string;
  /** ONBUILD triggers the classic FROM step ran. */
  readonly triggers?: number;
  /** Why the step failed, in the builder's words. */
  readonly error?: string;
  /** The last lines the failed (or stopped) step printed, without terminal escape codes. */
  readonly logTail?: readonly string[];
  /** BuildKit ran an identical step once for several lines: the 0-based line whose step this is. */
  readonly sharedWith?: number;
  /** A short reason shown with config / unbuilt outcomes: `from stage tools`, `build arg`. */
  readonly note?: string;
}

/** Bytes as `docker history` prints them (3 significant digits, powers of 1000), with a space: `102 kB`. */
export function formatSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${Number(size.toPrecision(3))} ${units[unit]}`;
}

/** Seconds with one decimal: `2.3 s`. */
export function formatDuration(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * What one instruction shows after a build: `ran · 2.3 s · +14.2 MB`, `cached · 0.0 s · +0 B`,
 * `failed · 1.0 s`, `no step (image config)`, `not built: the target does not need this stage`.
 */
export function resultSummary(result: InstructionResult): string {
  const time = result.durationMs !== undefined ? ` · ${formatDuration(result.durationMs)}` : '';
  const size = result.sizeBytes !== undefined ? ` · +${formatSize(result.sizeBytes)}` : '';
  const shared = result.sharedWith !== undefined ? ` · same step as line ${result.sharedWith + 1}` : '';
  switch (result.outcome) {
    case 'failed':
    case 'cancelled':
      return `${result.outcome}${time}`;
    case 'meta':
      return `global${time}`;
    case 'base':
      return `base${result.imageId ? ` ${result.imageId}` : ''}${time}${shared}`;
    case 'config':
      return `no step${result.note ? ` (${result.note})` : ''}`;
    case 'not-run':
      return 'not run: the build stopped before this step';
    case 'unbuilt':
      return 'not built: the target does not need this stage';
    default:
      return `${result.outcome}${time}${size}${shared}`;
  }
}
