// Inlay hints with a variable's value where it is expanded (`FROM node:${NODE_VERSION}` shows
// `= 20`), from src/dockerfile/symbols/valueHints.ts. `layerwise.dockerfile.inlayHints.variableValues`
// turns them off (VS Code's `editor.inlayHints.enabled` still rules them all). Computed by the
// language worker for the whole document once per version; each visible range takes its part.
import * as vscode from 'vscode';
import type { VariableSource } from '../dockerfile';
import type { BaseImageSource } from '../engine/baseImageConfigs';
import type { ValueHintData } from '../workers/languageProtocol';
import { dockerfileSelector } from './dockerfileDocuments';
import type { LanguageAnalysis } from './languageAnalysis';

export const VARIABLE_VALUES_SETTING = 'layerwise.dockerfile.inlayHints.variableValues';
/** Longer values are cut in the hint; the tooltip has them whole. */
const MAX_LABEL = 32;

const sourceText: Record<VariableSource, string> = {
  'env': 'ENV in this stage',
  'inherited-env': 'ENV of the stage this one is built from',
  'base-image': 'the base image',
  'default-path': 'the default PATH the engine adds',
  'arg': 'the ARG default',
  'build-arg': 'a build arg (layerwise.dockerfile.buildArgs)',
  'global-arg': 'the global ARG default',
  'predefined-arg': 'a predefined proxy build arg',
};

export function hintLabel(value: string): string {
  const shown = value === '' ? '""' : JSON.stringify(value).slice(1, -1); // newlines and quotes stay visible
  return `= ${shown.length > MAX_LABEL ? `${shown.slice(0, MAX_LABEL - 1)}…` : shown}`;
}

function toHint(hint: ValueHintData, document: vscode.TextDocument): vscode.InlayHint {
  const result = new vscode.InlayHint(new vscode.Position(hint.position.line, hint.position.character), hintLabel(hint.value));
  result.paddingLeft = true;
  // `node:${V}-alpine`: keep the hint's value apart from the text that follows it.
  result.paddingRight = /\S/.test(document.lineAt(hint.position.line).text.charAt(hint.position.character));
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`\`${hint.expression.replace(/`/g, "'")}\` expands to `);
  tooltip.appendCodeblock(hint.value === '' ? '(empty)' : hint.value, 'text');
  if (hint.variable) {
    const where = hint.variable.definedAt ? ` at line ${hint.variable.definedAt.start.line + 1}` : '';
    tooltip.appendMarkdown(`from ${sourceText[hint.variable.source]}${where}`);
  } else {
    tooltip.appendMarkdown(`${hint.name} is not defined here: the default applies`);
  }
  result.tooltip = tooltip;
  return result;
}

export function registerInlayHints(analysis: LanguageAnalysis, baseImages: BaseImageSource): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  return vscode.Disposable.from(
    changed,
    baseImages.onDidChange(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('layerwise.dockerfile')) changed.fire(); }),
    vscode.languages.registerInlayHintsProvider(dockerfileSelector, {
      onDidChangeInlayHints: changed.event,
      async provideInlayHints(document, range, token) {
        if (!vscode.workspace.getConfiguration(undefined, document.uri).get<boolean>(VARIABLE_VALUES_SETTING, true)) return [];
        const hints = await analysis.ask('inlayHints', document, {}, token);
        return hints?.filter((h) => range.contains(new vscode.Position(h.position.line, h.position.character)))
          .map((h) => toHint(h, document));
      },
    }),
  );
}
