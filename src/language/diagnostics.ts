// Keeps the Problems panel current for every open Dockerfile: dockerfile-utils' syntax checks and
// Layerwise's rules (src/dockerfile/rules, the same findings `layerwise lint` prints), with the
// rules' quick fixes and "skip this rule" actions (`# check=skip=Rule`) offered as code actions.
// The lint runs on a worker thread (src/workers/lintWorker.ts): a big Dockerfile never blocks the
// extension host. An answer counts only for the document version it was asked for.
import * as vscode from 'vscode';
import { Finding, Fix, ruleInfo } from '../dockerfile/rules';
import type { BaseImageSource } from '../engine/baseImageConfigs';
import { dockerignoreProblems } from '../dockerfile/cache/dockerignore';
import { buildArgsFor } from './buildArgsSetting';
import { dockerfileSelector, isDockerfile } from './dockerfileDocuments';
import { LintContexts } from './lintContext';
import { LintWorkerClient } from './lintWorkerClient';
import { toRange } from './lspToVscode';
import type { Diagnostic as LibraryDiagnostic } from 'vscode-languageserver-types';

/** Typing triggers re-linting; wait this long after the last keystroke. */
const DEBOUNCE_MS = 250;

const severities: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class DockerfileDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('layerwise');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** The findings behind each document's diagnostics, for their quick fixes. */
  private readonly findings = new Map<string, Finding[]>();
  /** dockerfile-utils' own diagnostics of each document, and the version they are of. */
  private readonly library = new Map<string, { version: number; diagnostics: LibraryDiagnostic[] }>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly worker: LintWorkerClient;
  private readonly contexts: LintContexts;

  constructor(private readonly extensionUri: vscode.Uri, private readonly baseImages: BaseImageSource, private readonly warn: (message: string) => void) {
    this.worker = new LintWorkerClient(vscode.Uri.joinPath(extensionUri, 'dist', 'lintWorker.js').fsPath, (message) => this.warn(message));
    this.contexts = new LintContexts((path) => this.worker.forgetContext(path));
    this.subscriptions.push(
      // A base image's config arrived (or images changed): UndefinedVar may now know better.
      baseImages.onDidChange(() => this.refreshAll()),
      this.collection,
      this.contexts,
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('layerwise.dockerfile')) this.refreshAll();
      }),
      vscode.languages.registerCodeActionsProvider(dockerfileSelector, { provideCodeActions: (d, r, c) => this.fixes(d, r, c) }, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    );
    this.refreshAll();
  }

  private refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.refresh(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isDockerfile(document) && !isDockerignore(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => { this.pending.delete(key); this.refresh(document); }, DEBOUNCE_MS));
  }

  refresh(document: vscode.TextDocument): void {
    if (document.isClosed) return;
    if (isDockerignore(document)) { this.refreshDockerignore(document); return; }
    if (!isDockerfile(document)) return;
    const key = document.uri.toString();
    const version = document.version;
    void this.worker.lint(key, {
      text: document.getText(), buildArgs: buildArgsFor(document), context: this.contexts.contextFor(document), baseImages: this.baseImages.snapshot(),
    }).then((outcome) => {
      // Replaced by a newer request, or the text moved on: a newer lint is on its way.
      if (!outcome || document.isClosed || document.version !== version) return;
      if (outcome.error !== undefined) { this.warn(`linting ${document.uri.fsPath} failed: ${outcome.error}`); return; }
      // Looked up in the background; an answer re-lints through baseImages.onDidChange.
      const resolve = this.baseImages.resolver();
      for (const reference of outcome.unknownBaseImages ?? []) resolve(reference);
      const findings = outcome.findings ?? [];
      this.findings.set(key, findings);
      this.library.set(key, { version, diagnostics: outcome.libraryDiagnostics ?? [] });
      this.collection.set(document.uri, findings.map((f) => this.toDiagnostic(f)));
    });
  }

  /**
   * dockerfile-utils' diagnostics of the document as it is now (for the library's quick fixes);
   * undefined until its current version is linted: a fix for an older text could break this one.
   */
  libraryDiagnosticsOf(document: vscode.TextDocument): LibraryDiagnostic[] | undefined {
    const known = this.library.get(document.uri.toString());
    return known?.version === document.version ? known.diagnostics : undefined;
  }

  /** A pattern the docker CLI refuses is marked on its line; the Dockerfiles beside it are re-linted. */
  private refreshDockerignore(document: vscode.TextDocument): void {
    this.collection.set(document.uri, dockerignoreProblems(document.getText()).map((p) => {
      const line = document.lineAt(Math.min(p.line, document.lineCount - 1));
      const diagnostic = new vscode.Diagnostic(line.range, `${p.message}: docker build refuses this .dockerignore and fails`, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'layerwise';
      diagnostic.code = { value: 'InvalidDockerignorePattern', target: vscode.Uri.joinPath(this.extensionUri, 'docs/rules/InvalidDockerignorePattern.md') };
      return diagnostic;
    }));
    for (const other of vscode.workspace.textDocuments) if (isDockerfile(other)) this.refresh(other);
  }

  private toDiagnostic(finding: Finding): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, severities[finding.severity]);
    diagnostic.source = 'layerwise';
    const info = ruleInfo(finding.rule);
    // The rule's page ships in the extension (docs/rules); clicking the code opens it.
    diagnostic.code = info ? { value: finding.rule, target: vscode.Uri.joinPath(this.extensionUri, info.docs) } : finding.rule;
    if (finding.tags?.includes('unnecessary')) diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
    if (finding.tags?.includes('deprecated')) diagnostic.tags = [vscode.DiagnosticTag.Deprecated];
    return diagnostic;
  }

  private fixes(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const skips: vscode.CodeAction[] = [];
    for (const finding of this.findings.get(document.uri.toString()) ?? []) {
      if (!toRange(finding.range).intersection(range)) continue;
      const diagnostics = context.diagnostics.filter((d) => ruleOf(d) === finding.rule && d.range.isEqual(toRange(finding.range)));
      if (finding.fix) actions.push(this.action(document, finding.fix, diagnostics, true));
      // After the real fixes, and never preferred: skipping a rule changes nothing that is built.
      for (const fix of finding.suppressions ?? []) {
        if (!skips.some((s) => s.title === fix.title)) skips.push(this.action(document, fix, diagnostics, false));
      }
    }
    return [...actions, ...skips];
  }

  private action(document: vscode.TextDocument, fix: Fix, diagnostics: vscode.Diagnostic[], preferred: boolean): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    for (const edit of fix.edits) action.edit.replace(document.uri, toRange(edit.range), edit.newText);
    action.diagnostics = diagnostics;
    action.isPreferred = preferred;
    return action;
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.worker.cancel(key);
    this.findings.delete(key);
    this.library.delete(key);
    this.collection.delete(document.uri);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const s of this.subscriptions) s.dispose();
    this.worker.dispose();
  }
}

function isDockerignore(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && /(^|[\\/])([^\\/]*\.)?dockerignore$/.test(document.uri.fsPath) && document.uri.fsPath.endsWith('.dockerignore');
}

function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}
