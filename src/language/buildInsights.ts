// After a build from the extension, each instruction of the Dockerfile that was built shows what
// its step did, as a code lens above it: `ran · 2.3 s · +14.2 MB`, `cached · 0.0 s · +0 B`,
// `failed · 1.0 s`, and with BuildKit also `no step (image config)` for the instructions that make
// no step and `not built: ...` on the FROM of a stage the target does not need. The results come
// from the build command through `buildResults` (engine/operations, no vscode), so this file only
// listens. A failed build also puts a problem on its failing line (buildFailureDiagnostics.ts).
//
// A result holds while the file still reads, up to the end of its instruction, as the text that
// was built: an edit (or unsaved changes at build time) takes away the results from the first
// changed line down, which are the steps a rebuild would redo anyway; a new build takes them all.
import * as vscode from 'vscode';
import { BuildReport, InstructionResult, resultSummary } from '../engine/operations/buildReport';
import { BuildResults, buildResults } from '../engine/operations/buildResults';
import { BuildFailureDiagnostics } from './buildFailureDiagnostics';
import { firstDifferingLine } from './builtText';

const BUILDER_NAMES = { buildkit: 'BuildKit', classic: 'classic builder' } as const;

function tooltipOf(result: InstructionResult, report: BuildReport): string {
  const lines = [result.step ?? `${BUILDER_NAMES[report.builder]}: ${resultSummary(result)}`];
  if (result.sharedWith !== undefined) lines.push(`BuildKit ran this step once, for line ${result.sharedWith + 1} and this one.`);
  if (result.createdBy) lines.push(`layer${result.imageId ? ` ${result.imageId.replace(/^sha256:/, '').slice(0, 12)}` : ''}: ${result.createdBy}`);
  else if (result.imageId) lines.push(`image ${result.imageId}`);
  if (result.error) lines.push(result.error);
  if (result.logTail?.length) lines.push(...result.logTail);
  return lines.join('\n');
}

/** The lenses a report gives `document` as it reads now. */
export function insightLenses(report: BuildReport, document: vscode.TextDocument): vscode.CodeLens[] {
  const unchangedBefore = firstDifferingLine(document.getText(), report.text);
  const lenses: vscode.CodeLens[] = [];
  for (const result of report.results) {
    if (!result.range || result.range.end.line >= unchangedBefore || result.range.start.line >= document.lineCount) continue;
    const line = result.range.start.line;
    lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: resultSummary(result), tooltip: tooltipOf(result, report), command: '' }));
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
  return vscode.Disposable.from(lenses, vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses), new BuildFailureDiagnostics(results));
}
