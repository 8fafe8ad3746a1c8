// What a test needs from the machine (root, a tool), and what happens when it is missing: under CI
// the test FAILS saying what is missing (the project's scripts install it there, so a missing tool
// is a bug in the scripts, never a reason to pass); elsewhere it is skipped and the skip says why.
import { existsSync } from 'node:fs';

/** CI is on for any non-empty CI value other than "false" or "0" (as scripts/test.mjs reads it). */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
}

export interface Requirement {
  /** For node:test's `{ skip }`: the reason outside CI when something is missing, else false. */
  readonly skip: string | false;
  /** Throws (under CI) when something is missing: call it first in the hook or test that needs it. */
  check(): void;
}

/** `what` needs the things `missing` names (undefined: nothing is missing). */
export function requirement(what: string, missing: string | undefined): Requirement {
  const reason = missing === undefined ? undefined : `${what}: ${missing}`;
  const ci = underCi();
  // Printed at load time so that a local run says what to install, next to the skip itself.
  if (reason && !ci) console.log(`# SKIPPED ${reason}`);
  return {
    skip: reason && !ci ? reason : false,
    check: () => {
      if (reason && ci) throw new Error(`cannot run under CI: ${reason} (the project's scripts install what the tests need: see scripts/ensure-packages.sh)`);
    },
  };
}

/** "needs root (...)" unless this process runs as root (private engines, `runuser`). */
export function missingRoot(why: string): string | undefined {
  return process.getuid?.() === 0 ? undefined : `needs root (${why})`;
}

/** The files among `paths` that do not exist, as one message naming the Debian packages; or undefined. */
export function missingFiles(paths: readonly string[], packages: string): string | undefined {
  const missing = paths.filter((p) => !existsSync(p));
  return missing.length ? `missing ${missing.join(', ')} (Debian ${packages})` : undefined;
}
