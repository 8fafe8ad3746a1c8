// A minimal event emitter with Disposable subscriptions (the engine layer cannot use vscode's).
import type { Disposable, Listener } from './model';

export class Emitter<T> implements Disposable {
  private listeners = new Set<Listener<T>>();

  /** Subscribes; dispose the result to unsubscribe. */
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Calls every listener; one that throws does not stop the others (its error is reported async). */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => {
          console.error('layerwise: a store listener failed:', error);
        });
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
