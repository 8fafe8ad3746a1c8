// After a build from the extension, each instruction of the Dockerfile that was built shows what
// its step did, as a code lens above it: `ran · 2.3 s · +14.2 MB`, `cached · 0.0 s · +0 B`,
// `failed · 1.0 s`. The results come from the build command through `buildResults`
// (engine/operations, no vscode), so this file only listens.
//
// A result holds while the file still reads, up to the end of its instruction, as the text that
// was built: an edit (or unsaved changes at build time) takes away the results from the first
// changed line down, which are the steps a rebuild would redo anyway; a new build takes them all.
import * as vscode from 'vscode';
import { BuildReport, InstructionResult, resultSummary } from '../engine/operations/buildReport';
import { BuildResults, buildResults } from '../engine/operations/buildResults';

/** The first 0-based line where the two texts differ (the line count of the shorter when one continues the other). */
export function firstDifferingLine(current: string, built: string): number {
  const a = current.split(/\r?\n/);
  const b = built.split(/\r?\n/);
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? Infinity : shorter - 1;
}

function tooltipOf(result: InstructionResult): string {
  const { step, layer } = result;
  const lines = [`Step ${step.number}/${step.total} : ${step.instruction}`];
  if (layer) lines.push(`layer ${layer.imageId.replace(/^sha256:/, '').slice(0, 12)}${layer.createdBy ? `: ${layer.createdBy}` : ''}`);
  else if (step.imageId) lines.push(`image ${step.imageId}`);
  return lines.join('\n');
}

/** The lenses a report gives `document` as it reads now. */
export function insightLenses(report: BuildReport, document: vscode.TextDocument): vscode.CodeLens[] {
  const unchangedBefore = firstDifferingLine(document.getText(), report.text);
  const lenses: vscode.CodeLens[] = [];
  for (const result of report.results) {
    if (!result.range || result.range.end.line >= unchangedBefore || result.range.start.line >= document.lineCount) continue;
    const line = result.range.start.line;
    lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: resultSummary(result), tooltip: tooltipOf(result), command: '' }));
  }
  return lenses;
}

class BuildInsightLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription;

  constructor(private readonly results: BuildResults) {
    this.subscription = results.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const report = document.uri.scheme === 'file' ? this.results.get(document.uri.fsPath) : undefined;
    return report ? insightLenses(report, document) : [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Shows build results on the Dockerfiles the extension built (any file name: the build command takes any file). */
export function registerBuildInsights(results: BuildResults = buildResults): vscode.Disposable {
  const lenses = new BuildInsightLenses(results);
  return vscode.Disposable.from(lenses, vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses));
}
