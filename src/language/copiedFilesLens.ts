// A code lens on each COPY/ADD that takes files from the build context: how many it takes in
// (after .dockerignore), and how many more it names that .dockerignore leaves out. Clicking it
// lists them. `layerwise.dockerfile.codeLens.copiedFiles` turns it off. Which sources each COPY
// names comes from the language worker's parse; the counting, over the host's listing, is here.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DockerignoreError, DockerignoreMatcher } from '../dockerfile/cache/dockerignore';
import { CopyIntake, intakeOf } from '../dockerfile/context/copyIntake';
import type { ContextListing } from '../dockerfile/context/listContextFiles';
import type { LanguageAnalysis } from './languageAnalysis';
import { alwaysSent, ContextFiles, contextDirFor, dockerignoreText } from './contextFiles';
import { dockerfileSelector } from './dockerfileDocuments';

export const COPIED_FILES_SETTING = 'layerwise.dockerfile.codeLens.copiedFiles';
export const SHOW_COPIED_FILES = 'layerwise.dockerfile.showCopiedFiles';

const count = (n: number, truncated: boolean) => `${truncated ? 'at least ' : ''}${n.toLocaleString('en-US')} file${n === 1 ? '' : 's'}`;

export function lensTitle(keyword: string, intake: CopyIntake, truncated: boolean, ignoreError?: string): string {
  if (ignoreError) return `${keyword}: .dockerignore is rejected by the builder (${ignoreError})`;
  const taken = intake.files.length === 0 && !truncated
    ? `${keyword} takes in no file from the build context`
    : `${keyword} takes in ${count(intake.files.length, truncated)} from the build context`;
  const ignored = intake.ignored ? ` · ${truncated ? 'at least ' : ''}${intake.ignored.toLocaleString('en-US')} more left out by .dockerignore` : '';
  return taken + ignored;
}

export function registerCopiedFilesLens(analysis: LanguageAnalysis, contextFiles: ContextFiles): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  // Counting walks the whole listing per COPY: keep each answer while the listing, the
  // .dockerignore and the COPY's sources are the same, so typing elsewhere costs nothing.
  const intakes = new WeakMap<ContextListing, Map<string, CopyIntake>>();
  // Which files the CLI sends, decided once per listing and .dockerignore for every COPY.
  const sentSets = new WeakMap<ContextListing, { key: string; sent: Set<string> }>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(document, token) {
      if (document.uri.scheme !== 'file' || !vscode.workspace.getConfiguration(undefined, document.uri).get<boolean>(COPIED_FILES_SETTING, true)) return [];
      const copies = await analysis.ask('copies', document, {}, token);
      if (!copies?.length) return [];
      const root = contextDirFor(document.uri);
      const listing = await contextFiles.get(root);
      const always = alwaysSent(root, document.uri);
      const ignoreText = dockerignoreText(root) ?? '';
      let cache = intakes.get(listing);
      if (!cache) intakes.set(listing, cache = new Map());
      let matcher: DockerignoreMatcher | undefined;
      let ignoreError: string | undefined;
      try {
        matcher = DockerignoreMatcher.fromText(ignoreText);
      } catch (error) {
        if (!(error instanceof DockerignoreError)) throw error;
        ignoreError = error.message;
      }
      const sentKey = JSON.stringify([ignoreText, [...always]]);
      let sentSet = sentSets.get(listing);
      if (sentSet?.key !== sentKey) {
        sentSet = { key: sentKey, sent: new Set(listing.files.filter((path) => always.has(path) || (matcher?.includes(path) ?? true))) };
        sentSets.set(listing, sentSet);
      }
      const sentFiles = sentSet.sent;
      const sent = (path: string) => sentFiles.has(path);
      const lenses: vscode.CodeLens[] = [];
      for (const { line, keyword, sources } of copies) {
        const key = JSON.stringify([ignoreText, [...always], sources]);
        let intake = cache.get(key);
        if (!intake) cache.set(key, intake = intakeOf(sources, listing.files, sent));
        lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: lensTitle(keyword, intake, listing.truncated, ignoreError),
          tooltip: `From ${root}`,
          command: SHOW_COPIED_FILES,
          arguments: [root, intake.files, `${keyword} on line ${line + 1}`],
        }));
      }
      return lenses;
    },
  };
  return vscode.Disposable.from(
    changed,
    contextFiles.onDidChange(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('layerwise.dockerfile') || e.affectsConfiguration('layerwise.build.context')) changed.fire(); }),
    vscode.languages.registerCodeLensProvider(dockerfileSelector, provider),
    vscode.commands.registerCommand(SHOW_COPIED_FILES, async (root: string, files: string[], title: string) => {
      if (!Array.isArray(files)) return; // from the palette: this command belongs to the lens
      const picked = await vscode.window.showQuickPick(files.map((f) => ({ label: f })), {
        title: `${title}: ${files.length} file${files.length === 1 ? '' : 's'} from the build context`,
        placeHolder: files.length ? 'Open a file' : 'No file of the build context matches',
      });
      if (picked) await vscode.window.showTextDocument(vscode.Uri.file(join(root, picked.label)));
    }),
  );
}
