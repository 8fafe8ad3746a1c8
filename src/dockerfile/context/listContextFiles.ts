// Every file of a build context folder, excluded or not (the counts in the editor say how many a
// .dockerignore pattern leaves out, so the walk goes into excluded folders too). Relative,
// `/`-separated paths, sorted; a symbolic link is listed as itself, as the CLI sends it. Reads the
// file system asynchronously, one folder at a time (no vscode; usable from a worker).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

export interface ContextListing {
  files: string[];
  /** Set when the walk stopped at `limit` files: counts are then lower bounds. */
  truncated: boolean;
}

export async function listContextFiles(root: string, limit = 200_000): Promise<ContextListing> {
  const files: string[] = [];
  let truncated = false;
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable or gone: the CLI would fail on it; the counts leave it out
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= limit) { truncated = true; return; }
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(join(dir, entry.name), path);
      else files.push(path);
    }
  };
  await walk(root, '');
  return { files, truncated };
}
