import { readFileSync } from 'node:fs';
import { UsageError } from './usageError';

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, not a Dockerfile',
  ENOTDIR: 'a part of the path is not a directory',
};

/** Reads a Dockerfile (`-` for stdin) as the builder does: UTF-8, without a byte-order mark. */
export function readDockerfile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`cannot read ${file}: ${reasons[code] ?? (error as Error).message}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
