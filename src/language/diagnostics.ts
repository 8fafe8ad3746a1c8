// Keeps the Problems panel current for every open Dockerfile: syntax validation from
// dockerfile-utils now; Layerwise's own rules join through `collectFindings`.
import * as vscode from 'vscode';
import { validate } from 'dockerfile-utils';
import { DiagnosticTag } from 'vscode-languageserver-types';
import { isDockerfile } from './dockerfileDocuments';
import { toRange, toSeverity } from './lspToVscode';
import { ruleNameFor } from './ruleNames';

/** Typing triggers re-validation; wait this long after the last keystroke. */
const DEBOUNCE_MS = 250;

export class DockerfileDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('layerwise');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
    );
    for (const document of vscode.workspace.textDocuments) this.refresh(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isDockerfile(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => { this.pending.delete(key); this.refresh(document); }, DEBOUNCE_MS));
  }

  refresh(document: vscode.TextDocument): void {
    if (!isDockerfile(document) || document.isClosed) return;
    this.collection.set(document.uri, collectFindings(document.getText()));
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.collection.delete(document.uri);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** All diagnostics for one Dockerfile's text. */
export function collectFindings(text: string): vscode.Diagnostic[] {
  return validate(text).map((d) => {
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    const diagnostic = new vscode.Diagnostic(toRange(d.range), message, toSeverity(d.severity));
    diagnostic.source = 'layerwise';
    diagnostic.code = ruleNameFor(d.code);
    if (d.tags?.includes(DiagnosticTag.Unnecessary)) diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
    if (d.tags?.includes(DiagnosticTag.Deprecated)) diagnostic.tags = [vscode.DiagnosticTag.Deprecated];
    return diagnostic;
  });
}
