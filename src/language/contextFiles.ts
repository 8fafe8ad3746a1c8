// The build context as the editor sees it: which folder (the same rule as Build Image), its
// .dockerignore, and the list of its files, walked once and kept until something is created or
// deleted under it (file watcher, debounced: an `npm install` is one change, not thousands), and
// walked again when asked for 30 s after the last walk, in case the watcher missed something.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import * as vscode from 'vscode';
import { ContextListing, listContextFiles } from '../dockerfile/context/listContextFiles';

const SETTLE_MS = 500;
/** Outside the workspace folders nothing is watched (a recursive watch of a home folder is costly): list again after this long. */
const UNWATCHED_TTL_MS = 30_000;
/**
 * A watched listing is walked again when asked for after this long: a watcher that missed an event
 * (one not live yet, or a busy machine's dropped event) leaves a count stale for at most this.
 */
const WATCHED_TTL_MS = 30_000;
/** Enough for any real build context; counts say "at least" past it. */
const LIST_LIMIT = 100_000;

/** `layerwise.build.context` (relative to the workspace folder), else the Dockerfile's folder: what Build Image sends. */
export function contextDirFor(uri: vscode.Uri): string {
  const setting = vscode.workspace.getConfiguration(undefined, uri).get<string>('layerwise.build.context')?.trim();
  if (!setting) return dirname(uri.fsPath);
  if (isAbsolute(setting)) return setting;
  return resolve(vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? dirname(uri.fsPath), setting);
}

/** The context's .dockerignore text (an open editor's unsaved text wins), or undefined. */
export function dockerignoreText(root: string): string | undefined {
  const path = join(root, '.dockerignore');
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
  if (open) return open.getText();
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Paths the CLI sends whatever .dockerignore says: the file itself and the Dockerfile. */
export function alwaysSent(root: string, dockerfile?: vscode.Uri): Set<string> {
  const always = new Set(['.dockerignore']);
  const path = dockerfile ? relative(root, dockerfile.fsPath).split(sep).join('/') : 'Dockerfile';
  if (!path.startsWith('..')) always.add(path);
  return always;
}

export class ContextFiles implements vscode.Disposable {
  private readonly listings = new Map<string, Promise<ContextListing>>();
  private readonly listedAt = new Map<string, number>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a context folder whose files or .dockerignore changed. */
  readonly onDidChange = this.changed.event;
  private readonly editing = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document.uri.scheme === 'file' && e.document.uri.fsPath.endsWith(`${sep}.dockerignore`)) this.settle(dirname(e.document.uri.fsPath), false);
  });

  get(root: string): Promise<ContextListing> {
    let listing = this.listings.get(root);
    if (listing && this.watchers.has(root) && Date.now() - (this.listedAt.get(root) ?? 0) > WATCHED_TTL_MS) listing = undefined;
    if (!listing) {
      listing = listContextFiles(root, LIST_LIMIT);
      this.listings.set(root, listing);
      this.listedAt.set(root, Date.now());
      if (!this.watch(root)) {
        const expire = setTimeout(() => { if (this.listings.get(root) === listing) this.listings.delete(root); this.timers.delete(`ttl:${root}`); }, UNWATCHED_TTL_MS);
        this.timers.set(`ttl:${root}`, expire);
      }
    }
    return listing;
  }

  /** Watches a context inside a workspace folder (VS Code watches those anyway); false when it is outside. */
  private watch(root: string): boolean {
    if (this.watchers.has(root)) return true;
    const inside = (vscode.workspace.workspaceFolders ?? []).some((f) => {
      const rel = relative(f.uri.fsPath, root);
      return f.uri.scheme === 'file' && !rel.startsWith('..') && !isAbsolute(rel);
    });
    if (!inside) return false;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '**/*'));
    const listingChanged = () => this.settle(root, true);
    this.watchers.set(root, vscode.Disposable.from(
      watcher,
      watcher.onDidCreate(listingChanged),
      watcher.onDidDelete(listingChanged),
      watcher.onDidChange((uri) => { if (uri.fsPath === join(root, '.dockerignore')) this.settle(root, false); }),
    ));
    return true;
  }

  private settle(root: string, relist: boolean): void {
    if (relist) this.listings.delete(root);
    clearTimeout(this.timers.get(root));
    this.timers.set(root, setTimeout(() => {
      this.timers.delete(root);
      if (relist) this.listings.delete(root); // files that arrived while settling
      this.changed.fire(root);
    }, SETTLE_MS));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const watcher of this.watchers.values()) watcher.dispose();
    this.editing.dispose();
    this.changed.dispose();
    this.listings.clear();
  }
}
