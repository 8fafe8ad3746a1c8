// A failed build from the extension marks its failing instruction in the Problems panel: an error
// on that line that says why (`exit code 127`, `cannot pull node:20-slim: ...`) and what the step
// printed last, so the cause is next to the line that caused it. It goes when the file is built
// again, or when the lines down to the failing instruction are edited (the problem no longer
// describes the text), or when the file is deleted.
import * as vscode from 'vscode';
import { describeFailure } from '../engine/operations/buildFailure';
import type { BuildReport } from '../engine/operations/buildReport';
import type { BuildResults } from '../engine/operations/buildResults';
import { firstDifferingLine } from './builtText';

export const BUILD_FAILURE_SOURCE = 'Layerwise build';

/** The diagnostic a failed build's report puts on its Dockerfile, or undefined when it has no line to put it on. */
export function failureDiagnostic(report: BuildReport): vscode.Diagnostic | undefined {
  const failure = describeFailure(report);
  if (!failure?.range) return undefined;
  const { start, end } = failure.range;
  const tail = failure.logTail.length ? `\n${failure.logTail.join('\n')}` : '';
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), `The build failed here: ${failure.cause}${tail}`, vscode.DiagnosticSeverity.Error);
  diagnostic.source = BUILD_FAILURE_SOURCE;
  diagnostic.code = 'BuildFailed';
  return diagnostic;
}

export class BuildFailureDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('layerwise-build');
  /** The failed report behind each file's diagnostic, to tell when an edit makes it stale. */
  private readonly failed = new Map<string, BuildReport>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(results: BuildResults) {
    const fromResults = results.onDidChange((change) => {
      if (change.kind === 'started') return this.clear(change.dockerfile);
      const diagnostic = failureDiagnostic(change.report);
      if (!diagnostic) return this.clear(change.report.dockerfile);
      this.failed.set(change.report.dockerfile, change.report);
      this.collection.set(vscode.Uri.file(change.report.dockerfile), [diagnostic]);
    });
    this.subscriptions = [
      { dispose: () => fromResults.dispose() },
      vscode.workspace.onDidChangeTextDocument((e) => this.recheck(e.document)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((f) => this.clear(f.fsPath))),
    ];
  }

  private recheck(document: vscode.TextDocument): void {
    if (document.uri.scheme !== 'file') return;
    const report = this.failed.get(document.uri.fsPath);
    const diagnostic = this.collection.get(document.uri)?.[0];
    if (!report || !diagnostic) return;
    if (firstDifferingLine(document.getText(), report.text) <= diagnostic.range.end.line) this.clear(document.uri.fsPath);
  }

  private clear(dockerfile: string): void {
    this.failed.delete(dockerfile);
    this.collection.delete(vscode.Uri.file(dockerfile));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
    this.failed.clear();
  }
}
