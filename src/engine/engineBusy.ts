// Some engine operations run one at a time, engine-wide, and the engine refuses a second caller
// instead of queueing it:
// - a prune of a kind: HTTP 409 "a prune operation is already running" (moby daemon/prune.go,
//   images/image_prune.go);
// - disk usage (`GET /system/df`): HTTP 500 "a disk usage operation is already running" on 20.10
//   engines (later ones share one computation between callers, so they never say it).
// Another client (the docker CLI, a second window, our own views) asking at the same moment would
// make ours fail for no reason of the user's. Both are short, so ours waits and tries again; any
// other error, or the engine still busy after the deadline, goes to the caller as it came.
// No `vscode` import.

const BUSY = /\b(prune|disk usage) operation is already running\b/i;

/** True for the engine's "one at a time" refusal: a prune (409) or disk usage (500, or 409 on engines that call it a conflict). */
export function isEngineBusy(error: unknown): boolean {
  const e = error as { statusCode?: number; message?: string } | undefined;
  return (e?.statusCode === 409 || e?.statusCode === 500) && BUSY.test(e.message ?? '');
}

export interface BusyRetryOptions {
  /** How long to keep trying, in ms (default 60 s). */
  readonly deadlineMs?: number;
  /** Waits between tries, in ms: 100, 200, 400... up to 2 s. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Stops waiting (the last refusal goes to the caller) when aborted: a store disposed, a command cancelled. */
  readonly signal?: AbortSignal;
}

export async function retryWhileEngineBusy<T>(operation: () => Promise<T>, options: BusyRetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
    try {
      return await operation();
    } catch (error) {
      if (!isEngineBusy(error) || options.signal?.aborted || Date.now() + wait > deadline) throw error;
      await sleep(wait);
    }
  }
}
