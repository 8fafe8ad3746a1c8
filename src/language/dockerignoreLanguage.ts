// `.dockerignore` as a language: hovering a pattern says how many files of the build context it
// leaves out (or, for a `!` exception, brings back), out of how many, with the context's total.
// The diagnostics for patterns the builder rejects are the rules' business, not this file's.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { contextSummary, lineEffect } from '../dockerfile/context/ignoreEffects';
import { alwaysSent, ContextFiles } from './contextFiles';

export const dockerignoreSelector: vscode.DocumentSelector = [{ language: 'dockerignore', scheme: 'file' }];

const n = (value: number) => value.toLocaleString('en-US');
const files = (value: number) => `${n(value)} file${value === 1 ? '' : 's'}`;

export function describeLine(text: string, line: number, contextFileList: readonly string[], truncated: boolean, always: ReadonlySet<string>): string | undefined {
  const effect = lineEffect(contextFileList, text, line, always);
  if (effect.kind === 'none') return undefined;
  if (effect.kind === 'invalid') return `**The builder rejects this pattern**: ${effect.message}. The build fails until it is fixed.`;
  const atLeast = truncated ? 'at least ' : '';
  const parts: string[] = [];
  if (effect.kind === 'exclusion') {
    parts.push(`\`${effect.pattern}\` leaves **${atLeast}${files(effect.effective)}** out of the build context`);
    if (effect.broughtBack) parts.push(`It matches ${files(effect.matched)}; a later \`!\` line brings ${n(effect.broughtBack)} of them back.`);
    else if (effect.matched === 0) parts.push('No file of the context matches it now.');
  } else {
    parts.push(`\`${effect.pattern}\` brings **${atLeast}${files(effect.effective)}** back into the build context`);
    if (effect.matched !== effect.effective) parts.push(`It matches ${files(effect.matched)}; the others were not left out before it, or a later line leaves them out again, or they are in a folder the walk skips.`);
  }
  if (effect.fileError) parts.push(`**This .dockerignore is rejected by the builder** (${effect.fileError}): the build fails until it is fixed.`);
  const summary = contextSummary(contextFileList, text, always);
  if (!summary.error) parts.push(`The context has ${atLeast}${files(summary.files)}; this .dockerignore leaves out ${files(summary.excluded)}.`);
  return parts.join('\n\n');
}

export function registerDockerignoreLanguage(contextFiles: ContextFiles): vscode.Disposable {
  return vscode.languages.registerHoverProvider(dockerignoreSelector, {
    async provideHover(document, position) {
      const lineText = document.lineAt(position.line).text;
      if (lineText.trim() === '' || lineText.startsWith('#')) return undefined;
      const root = dirname(document.uri.fsPath);
      const listing = await contextFiles.get(root);
      const text = describeLine(document.getText(), position.line, listing.files, listing.truncated, alwaysSent(root));
      if (!text) return undefined;
      const markdown = new vscode.MarkdownString(text);
      markdown.isTrusted = false;
      return new vscode.Hover(markdown, document.lineAt(position.line).range);
    },
  });
}
