// Base images' configs (Env, WorkingDir, User...) from the engine the explorer is connected to,
// for the editor's build model and linter. The editor works synchronously on each keystroke, so
// this answers from what it already knows and looks unknown references up in the background;
// `onDidChange` says when an answer arrived (or when images changed), so callers re-analyse.
import type { BaseImageConfig, BaseImageResolver } from '../dockerfile';
import { Emitter } from './emitter';
import type { Disposable, EngineStore } from './model';
import type Docker from 'dockerode';

export interface BaseImageSource extends Disposable {
  /** A synchronous resolver over what is known now; unknown references are looked up. */
  resolver(): BaseImageResolver;
  /** What is known now, for a resolver on another thread: a config, or `null` for "not on the engine". */
  snapshot(): Array<[string, BaseImageConfig | null]>;
  /** Changes whenever what the resolver answers may change (part of cache keys). */
  readonly generation: number;
  readonly onDidChange: (listener: () => void) => Disposable;
}

export class EngineBaseImages implements BaseImageSource {
  private readonly known = new Map<string, BaseImageConfig | undefined>();
  private readonly pending = new Set<string>();
  private readonly changed = new Emitter<void>();
  private readonly subscriptions: Disposable[];
  private version = 0;
  readonly onDidChange = (listener: () => void): Disposable => this.changed.event(listener);

  constructor(private readonly store: EngineStore & { client(): Docker | undefined }) {
    this.subscriptions = [
      // A pull, build, tag or removal can change what a reference names.
      store.onDidChange((change) => { if (change.kind === 'images') this.forget(); }),
      store.onDidChangeState(() => this.forget()),
    ];
  }

  get generation(): number {
    return this.version;
  }

  resolver(): BaseImageResolver {
    return (reference) => {
      if (this.known.has(reference)) return this.known.get(reference);
      this.lookUp(reference);
      return undefined;
    };
  }

  snapshot(): Array<[string, BaseImageConfig | null]> {
    return [...this.known].map(([reference, config]) => [reference, config ?? null]);
  }

  private lookUp(reference: string): void {
    const docker = this.store.client();
    if (this.pending.has(reference) || !docker || this.store.state.kind !== 'connected') return;
    this.pending.add(reference);
    docker.getImage(reference).inspect().then(
      (info) => { this.known.set(reference, (info.Config ?? {}) as BaseImageConfig); },
      (error: unknown) => {
        // 404: the image is not here, a definite answer. Anything else: leave it unknown and
        // let a later keystroke ask again.
        if ((error as { statusCode?: number }).statusCode === 404) this.known.set(reference, undefined);
      },
    ).finally(() => {
      this.pending.delete(reference);
      if (this.known.has(reference)) this.bump();
    });
  }

  private forget(): void {
    if (this.known.size === 0) return;
    this.known.clear();
    this.bump();
  }

  private bump(): void {
    this.version++;
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.known.clear();
  }
}
