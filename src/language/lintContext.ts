// What the linter needs to know about a Dockerfile's build context in the editor: the folder it
// sits in (the usual `docker build .`), its top-level names and its .dockerignore. Read on each
// lint (debounced), so a new .dockerignore counts at the next keystroke.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { LintOptions } from '../dockerfile/rules';

export function lintContextFor(document: vscode.TextDocument): LintOptions['context'] {
  if (document.uri.scheme !== 'file') return undefined;
  const dir = dirname(document.uri.fsPath);
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return undefined; // the folder went away: lint without context rather than fail
  }
  let dockerignore: string | undefined;
  try {
    dockerignore = readFileSync(`${dir}/.dockerignore`, 'utf8');
  } catch {
    dockerignore = undefined;
  }
  return { dir, files, ...(dockerignore === undefined ? {} : { dockerignore }) };
}
