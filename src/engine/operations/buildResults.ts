// Where builds run from the extension publish what each step did, and where the editor reads it:
// the build command (commands/) writes, the language features (language/) listen. One way, and no
// `vscode` import, so neither side imports the other.
import { Emitter } from '../emitter';
import type { Disposable, Listener } from '../model';
import type { BuildReport } from './buildReport';

export type BuildResultsChange =
  | { readonly kind: 'started'; readonly dockerfile: string }
  | { readonly kind: 'finished'; readonly report: BuildReport };

export class BuildResults implements Disposable {
  private readonly changes = new Emitter<BuildResultsChange>();
  private readonly latest = new Map<string, BuildReport>();

  onDidChange(listener: Listener<BuildResultsChange>): Disposable {
    return this.changes.event(listener);
  }

  /** A build of `dockerfile` began: its earlier results no longer stand. */
  started(dockerfile: string): void {
    this.latest.delete(dockerfile);
    this.changes.fire({ kind: 'started', dockerfile });
  }

  finished(report: BuildReport): void {
    this.latest.set(report.dockerfile, report);
    this.changes.fire({ kind: 'finished', report });
  }

  /** The last finished build of `dockerfile`, unless a newer one has started since. */
  get(dockerfile: string): BuildReport | undefined {
    return this.latest.get(dockerfile);
  }

  dispose(): void {
    this.changes.dispose();
    this.latest.clear();
  }
}

/** The extension's one results store (the build command and the editor share it). */
export const buildResults = new BuildResults();
