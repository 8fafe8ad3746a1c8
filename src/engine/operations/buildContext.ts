// The build context as the docker CLI sends it: the context folder as a tar stream, without what
// .dockerignore excludes, but always with the Dockerfile and .dockerignore themselves (the
// builder needs them). A Dockerfile outside the context is added under a generated name.
// Files are read one at a time while the engine consumes the stream. No `vscode` import.
import { createReadStream, promises as fs, Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { DockerignoreMatcher } from '../../dockerfile/cache/dockerignore';

export interface ContextEntry {
  /** Path inside the tar, with `/` separators. */
  readonly name: string;
  /** Path on disk. */
  readonly path: string;
  readonly stats: Stats;
  readonly link?: string;
}

export interface PackedContext {
  readonly stream: Readable;
  /** The Dockerfile's path inside the tar (the `dockerfile` build option). */
  readonly dockerfile: string;
  readonly entries: readonly ContextEntry[];
}

/** Lists the context's files as the builder will see them (sorted, .dockerignore applied). */
export async function contextEntries(contextDir: string, dockerfilePath: string): Promise<{ entries: ContextEntry[]; dockerfile: string }> {
  const patterns = await fs.readFile(join(contextDir, '.dockerignore'), 'utf8').catch(() => '');
  // The same matcher `layerwise explain --changed` uses, verified against the CLI's own context.
  const matcher = DockerignoreMatcher.fromText(patterns);
  const entries: ContextEntry[] = [];
  const dockerfileRel = relative(contextDir, dockerfilePath).split(sep).join('/');
  const inside = !dockerfileRel.startsWith('../') && dockerfileRel !== '..' && !dockerfileRel.startsWith('/');
  const always = new Set(['.dockerignore', ...(inside ? [dockerfileRel] : [])]);

  async function walk(dir: string): Promise<void> {
    const names = (await fs.readdir(dir)).sort();
    for (const base of names) {
      const path = join(dir, base);
      const name = relative(contextDir, path).split(sep).join('/');
      const stats = await fs.lstat(path);
      const ignored = !always.has(name) && !matcher.includes(name);
      if (stats.isDirectory()) {
        // An excluded folder can still hold an exception (`!keep/this`); only then walk into it.
        if (!ignored) entries.push({ name, path, stats });
        if (!ignored || matcher.hasExceptionsUnder(name)) await walk(path);
      } else if (!ignored && (stats.isFile() || stats.isSymbolicLink())) {
        entries.push({ name, path, stats, ...(stats.isSymbolicLink() ? { link: await fs.readlink(path) } : {}) });
      }
    }
  }
  await walk(contextDir);
  let dockerfile = dockerfileRel;
  if (!inside) {
    dockerfile = `.layerwise-dockerfile-${process.pid}-${Date.now()}`;
    entries.push({ name: dockerfile, path: dockerfilePath, stats: await fs.stat(dockerfilePath) });
  }
  return { entries, dockerfile };
}

export async function packContext(contextDir: string, dockerfilePath: string): Promise<PackedContext> {
  const { entries, dockerfile } = await contextEntries(contextDir, dockerfilePath);
  return { stream: Readable.from(tarChunks(entries)), dockerfile, entries };
}

async function* tarChunks(entries: readonly ContextEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    const isDir = entry.stats.isDirectory();
    const type = entry.link !== undefined ? '2' : isDir ? '5' : '0';
    const size = type === '0' ? entry.stats.size : 0;
    const name = isDir ? `${entry.name}/` : entry.name;
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(entry.link ?? '') > 100) {
      const records = paxRecord('path', name) + (entry.link !== undefined ? paxRecord('linkpath', entry.link) : '');
      const body = Buffer.from(records);
      yield header({ name: 'PaxHeader', mode: 0o644, size: body.length, mtime: 0, type: 'x' });
      yield padded(body);
    }
    yield header({ name, mode: entry.stats.mode & 0o7777, size, mtime: Math.floor(entry.stats.mtimeMs / 1000), type, link: entry.link });
    if (type === '0') {
      let written = 0;
      for await (const chunk of createReadStream(entry.path)) {
        const buffer = chunk as Buffer;
        // A file that grew while we read it: the header already promised `size` bytes.
        const part = buffer.subarray(0, Math.max(0, size - written));
        written += part.length;
        if (part.length) yield part;
      }
      if (written < size) yield Buffer.alloc(size - written); // it shrank: pad to the promised size
      if (size % 512) yield Buffer.alloc(512 - (size % 512));
    }
  }
  yield Buffer.alloc(1024); // two zero blocks end the archive
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

function padded(body: Buffer): Buffer {
  return body.length % 512 ? Buffer.concat([body, Buffer.alloc(512 - (body.length % 512))]) : body;
}

function header(h: { name: string; mode: number; size: number; mtime: number; type: string; link?: string }): Buffer {
  const b = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number): void => void b.write(text, offset, Math.min(length, Buffer.byteLength(text)), 'utf8');
  const octal = (n: number, offset: number, length: number): void => put(n.toString(8).padStart(length - 1, '0'), offset, length - 1);
  put(h.name.length > 100 ? h.name.slice(0, 100) : h.name, 0, 100);
  octal(h.mode, 100, 8);
  octal(0, 108, 8); // uid
  octal(0, 116, 8); // gid
  octal(h.size, 124, 12);
  octal(h.mtime, 136, 12);
  b.fill(' ', 148, 156); // checksum is computed with spaces here
  put(h.type, 156, 1);
  if (h.link) put(h.link.length > 100 ? h.link.slice(0, 100) : h.link, 157, 100);
  put('ustar\u000000', 257, 8);
  let sum = 0;
  for (const byte of b) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8);
  return b;
}
