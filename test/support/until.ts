/**
 * Polls `probe` every 25 ms until it returns something other than undefined or false, and
 * resolves with that value; rejects with "timed out waiting for <what>" after `ms`. The default
 * is generous on purpose: a test waits for an outcome and never asserts how fast it came, so a
 * busy machine only makes it slower.
 */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${ms / 1000} s)`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
