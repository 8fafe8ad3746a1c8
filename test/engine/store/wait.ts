// Waiting for the store to show something, with a deadline, and checking which requests it made.
import type { LiveEngineStore } from '../../../src/engine/store';

/** Resolves with the milliseconds it took once `predicate` holds; rejects after `limitMs`. */
export function reflected(store: LiveEngineStore, what: string, predicate: () => boolean, limitMs = 300): Promise<number> {
  const started = performance.now();
  if (predicate()) return Promise.resolve(0);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${what}: not reflected in the store within ${limitMs} ms`));
    }, limitMs);
    const sub = store.onDidChange(() => {
      if (!predicate()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(performance.now() - started);
    });
  });
}

/** Resolves when the store's state satisfies `predicate`; rejects after `limitMs`. */
export function stateReached(store: LiveEngineStore, what: string, predicate: (kind: string) => boolean, limitMs: number): Promise<number> {
  const started = performance.now();
  if (predicate(store.state.kind)) return Promise.resolve(0);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${what}: state is still ${JSON.stringify(store.state)} after ${limitMs} ms`));
    }, limitMs);
    const sub = store.onDidChangeState((state) => {
      if (!predicate(state.kind)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(performance.now() - started);
    });
  });
}

/** Requests that re-list a whole kind: the store must never send these in reaction to an event. */
export function fullLists(requests: readonly { method: string; path: string }[]): string[] {
  return requests
    .map((r) => r.path)
    .filter((p) => p === '/images/json' || p === '/volumes' || p === '/networks' || (p.startsWith('/containers/json') && !p.includes('filters')));
}
