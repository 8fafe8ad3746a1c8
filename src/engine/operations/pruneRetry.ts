// The engine runs one prune of a kind at a time and answers another with HTTP 409 "a prune
// operation is already running" (moby daemon/prune.go, images/image_prune.go): another client's
// prune (the docker CLI, a second window) would make ours fail for no reason of the user's. Such a
// prune is short, so ours waits for it and tries again; any other error, or a prune still running
// after the deadline, goes to the caller as it came. No `vscode` import.

const PRUNE_RUNNING = /prune operation is already running/i;

export function isPruneRunning(error: unknown): boolean {
  const e = error as { statusCode?: number; message?: string } | undefined;
  return e?.statusCode === 409 && PRUNE_RUNNING.test(e.message ?? '');
}

export interface PruneRetryOptions {
  /** How long to keep trying, in ms (default 60 s). */
  readonly deadlineMs?: number;
  /** Waits between tries, in ms: 100, 200, 400... up to 2 s. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export async function retryWhilePruneRunning<T>(prune: () => Promise<T>, options: PruneRetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
    try {
      return await prune();
    } catch (error) {
      if (!isPruneRunning(error) || Date.now() + wait > deadline) throw error;
      await sleep(wait);
    }
  }
}
