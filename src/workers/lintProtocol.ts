// The messages between the extension host and the lint worker (src/workers/lintWorker.ts). Plain
// data only: everything crosses the thread boundary by structured clone. No `vscode` import.
import type { BaseImageConfig } from '../dockerfile';
import type { Finding } from '../dockerfile/rules';
import type { Diagnostic } from 'vscode-languageserver-types';

export interface LintRequest {
  readonly kind: 'lint';
  readonly id: number;
  readonly text: string;
  /** Build args from the settings (`layerwise.dockerfile.buildArgs`). */
  readonly buildArgs?: Record<string, string>;
  /** The build context (the Dockerfile's folder) and the Dockerfile's own path, for COPY and .dockerignore rules. */
  readonly context?: { readonly dir: string; readonly dockerfile: string };
  /** What the host knows of base images now: a config, or `null` for "not on the engine". */
  readonly baseImages: ReadonlyArray<readonly [string, BaseImageConfig | null]>;
}

/** The file listing of a folder (and those under it) is out of date: a file was created or deleted. */
export interface ForgetContextRequest {
  readonly kind: 'forgetContext';
  readonly path: string;
}

export type WorkerRequest = LintRequest | ForgetContextRequest;

export interface LintResponse {
  readonly id: number;
  readonly findings?: Finding[];
  /** dockerfile-utils' own diagnostics (its codes), for its quick fixes on the host. */
  readonly libraryDiagnostics?: Diagnostic[];
  /** Base images the rules asked for that the host did not know: the host looks them up. */
  readonly unknownBaseImages?: string[];
  /** The lint threw: the message, for the output channel (never a stack trace in the UI). */
  readonly error?: string;
}
