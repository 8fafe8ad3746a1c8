import { statSync } from 'node:fs';
import { UsageError } from './usageError';

/** `--context DIR` must name a directory; anything else is a usage error (exit 2). */
export function requireContextDirectory(dir: string): void {
  let isDirectory = false;
  try { isDirectory = statSync(dir).isDirectory(); } catch { /* reported below */ }
  if (!isDirectory) throw new UsageError(`--context ${dir}: not a directory`);
}
