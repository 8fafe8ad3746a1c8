// Waiting for the store to show something, and checking which requests it made. The deadlines are
// generous on purpose: a test asserts WHAT the store shows, never how fast (bench/explorer-scale.ts
// measures event -> store and event -> tree latencies), so a busy machine makes it slower, never red.
import type { LiveEngineStore } from '../../../src/engine/store';

/** How long a store step may take before the test gives up (a busy CI machine, not a target). */
export const STORE_DEADLINE_MS = 30_000;

/** Resolves once `predicate` holds (checked now and on every store change); rejects after `limitMs`. */
export function reflected(store: LiveEngineStore, what: string, predicate: () => boolean, limitMs = STORE_DEADLINE_MS): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${what}: still not reflected in the store after ${limitMs / 1000} s`));
    }, limitMs);
    const sub = store.onDidChange(() => {
      if (!predicate()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** Resolves once the store's state satisfies `predicate`; rejects after `limitMs`. */
export function stateReached(store: LiveEngineStore, what: string, predicate: (kind: string) => boolean, limitMs = STORE_DEADLINE_MS): Promise<void> {
  if (predicate(store.state.kind)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${what}: state is still ${JSON.stringify(store.state)} after ${limitMs / 1000} s`));
    }, limitMs);
    const sub = store.onDidChangeState((state) => {
      if (!predicate(state.kind)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** The requests the store made since `mark` (a `store.requestCount` read earlier). */
export function requestsSince(store: LiveEngineStore, mark: number): readonly { method: string; path: string }[] {
  const count = store.requestCount - mark;
  return count > 0 ? store.requestLog.slice(-count) : [];
}

/** Requests that re-list a whole kind: the store must never send these in reaction to an event. */
export function fullLists(requests: readonly { method: string; path: string }[]): string[] {
  return requests
    .map((r) => r.path)
    .filter((p) => p === '/images/json' || p === '/volumes' || p === '/networks' || (p.startsWith('/containers/json') && !p.includes('filters')));
}
