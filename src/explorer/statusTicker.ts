// Keeps a view's relative texts ("Up 3 minutes", "Exited (1) 5 seconds ago") current while the
// view is visible: a local timer, set for the moment the soonest shown text changes, rebuilds the
// tree for the new time (LiveTree.tick). It never asks the engine anything. No `vscode` import.
import type { Disposable } from '../engine/model';

export interface TickingTree {
  tick(): void;
  nextTick(now: number): number | undefined;
  readonly onDidChange: (listener: () => void) => Disposable;
}

export interface TimerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: TimerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Longest wait between two ticks: texts in hours change every half hour at most. */
const MAX_WAIT_MS = 30 * 60_000;

export class StatusTicker implements Disposable {
  private active = false;
  private timer: unknown;
  private readonly subscription: Disposable;

  constructor(private readonly tree: TickingTree, private readonly clock: TimerClock = SYSTEM_CLOCK) {
    // What the tree shows changed (new containers, new statuses): the soonest change may too.
    this.subscription = tree.onDidChange(() => this.schedule());
  }

  /** Ticks only while the view is visible; becoming visible brings the texts up to date at once. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active) this.tree.tick();
    this.schedule();
  }

  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  private schedule(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.active) return;
    const ms = this.tree.nextTick(this.clock.now());
    if (ms === undefined) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.tree.tick();
      this.schedule();
    }, Math.max(1, Math.min(ms, MAX_WAIT_MS)));
  }

  dispose(): void {
    this.active = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.subscription.dispose();
  }
}
