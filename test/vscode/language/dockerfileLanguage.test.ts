// Runs inside a real VS Code extension host: the Dockerfile language features end to end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { dockerCli, TEST_LABEL } from '../../support/engine';
import { until } from '../../support/until';

/**
 * A new untitled Dockerfile with `content`, under a name no other test used. (Plain untitled
 * documents are numbered, and the number of one just closed is given to the next: seen here, the
 * next test's "Untitled-1" then still had the previous one's diagnostics 30 s later.)
 */
async function openDockerfile(content: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/lw-language-${randomBytes(6).toString('hex')}/Dockerfile` });
  const opened = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'dockerfile');
  const edit = new vscode.WorkspaceEdit();
  edit.insert(opened.uri, new vscode.Position(0, 0), content);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the content was inserted');
  await vscode.window.showTextDocument(opened);
  assert.equal(opened.getText(), content);
  return opened;
}

/** A diagnostic's rule name, whether its code is a plain string or a link to the rule's page. */
function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

/**
 * Waits until the document's Layerwise diagnostics satisfy `predicate` and returns them; fails
 * with what it last saw after a generous deadline. Never returns diagnostics that do not satisfy
 * it: the assertions after it check their details, not whether the linter was quick enough.
 */
async function diagnosticsOf(uri: vscode.Uri, predicate: (d: vscode.Diagnostic[]) => boolean, what = 'the expected diagnostics'): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'layerwise');
    if (predicate(diagnostics)) return diagnostics;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not there after 30 s; ${uri.toString()} has ${JSON.stringify(diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line}`))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Dockerfile language features', function () {
  this.timeout(180_000); // a safety net: each wait below has its own generous deadline

  before(async () => {
    await vscode.extensions.getExtension('layerwise.layerwise')?.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('reports a deprecated MAINTAINER under its BuildKit rule name', async () => {
    const document = await openDockerfile('FROM busybox:local\nMAINTAINER someone@example.com\nRUN true\n');
    const diagnostics = await diagnosticsOf(document.uri, (d) => d.some((x) => codeOf(x) === 'MaintainerDeprecated'), 'MaintainerDeprecated');
    const maintainer = diagnostics.find((d) => codeOf(d) === 'MaintainerDeprecated');
    assert.ok(maintainer, `expected MaintainerDeprecated, got ${JSON.stringify(diagnostics.map(codeOf))}`);
    assert.equal(maintainer.range.start.line, 1);
  });

  it('updates diagnostics as the user edits, and clears them when fixed', async () => {
    const document = await openDockerfile('FROM busybox:local\nWORKDIR app\n');
    const before = await diagnosticsOf(document.uri, (d) => d.some((x) => codeOf(x) === 'WorkdirRelativePath'), 'WorkdirRelativePath on the relative WORKDIR');
    assert.equal(before.find((d) => codeOf(d) === 'WorkdirRelativePath')!.range.start.line, 1);
    // The edit goes to this document (not whichever editor is active): the same as the user typing in it.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(1, 8, 1, 11), '/app');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(document.lineAt(1).text, 'WORKDIR /app');
    const after = await diagnosticsOf(document.uri, (d) => !d.some((x) => codeOf(x) === 'WorkdirRelativePath'), 'WorkdirRelativePath gone after the fix');
    assert.deepEqual(after.map(codeOf), []);
  });

  it('offers the quick fix that gives a lowercase instruction the casing of the majority (ConsistentInstructionCasing)', async () => {
    const document = await openDockerfile('FROM busybox:local\nrun echo hi\n');
    await diagnosticsOf(document.uri, (d) => d.some((x) => codeOf(x) === 'ConsistentInstructionCasing'), 'ConsistentInstructionCasing');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', document.uri, new vscode.Range(1, 0, 1, 3));
    const uppercase = actions.find((a) => a.edit && a.title === 'Change to RUN');
    assert.ok(uppercase, `no "Change to RUN" fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    await vscode.workspace.applyEdit(uppercase.edit!);
    assert.equal(document.lineAt(1).text, 'RUN echo hi');
  });

  it("offers dockerfile-utils' own quick fix for its diagnostic (kept from the lint worker, not validated again here)", async () => {
    const document = await openDockerfile('FROM busybox:local\nCOPY --chowns=1 a b\n');
    const diagnostics = await diagnosticsOf(document.uri, (d) => d.some((x) => /chowns/.test(x.message)), 'the unknown flag');
    const unknown = diagnostics.find((x) => /chowns/.test(x.message))!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, unknown.range);
    const chown = actions.find((a) => a.edit && a.title === 'Convert to --chown');
    assert.ok(chown, `no "Convert to --chown" fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    await vscode.workspace.applyEdit(chown.edit!);
    assert.equal(document.lineAt(1).text, 'COPY --chown=1 a b');
    // Where no diagnostic is, the library is not asked (and offers nothing).
    const none = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, 0, 4));
    assert.ok(!none.some((a) => a.title.startsWith('Convert to')), JSON.stringify(none.map((a) => a.title)));
  });

  it('completes instruction keywords and explains them on hover', async () => {
    const document = await openDockerfile('FROM busybox:local\nWORK\n');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider', document.uri, new vscode.Position(1, 4));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.some((l) => l.startsWith('WORKDIR')), `WORKDIR not offered: ${labels.slice(0, 20).join(', ')}`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider', document.uri, new vscode.Position(0, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /must be the first instruction/);
  });

  it('folds and lists build stages as symbols', async () => {
    const document = await openDockerfile('FROM busybox:local AS builder\nRUN echo a \\\n  && echo b \\\n  && echo c\nFROM builder AS final\n');
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.ok(symbols.length >= 2, `symbols: ${JSON.stringify(symbols.map((s) => s.name))}`);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
    assert.ok(folds.some((f) => f.start === 1 && f.end === 3), `folds: ${JSON.stringify(folds)}`);
  });

  it('reports the build rules with a link to their page, and fixes UndefinedVar by redeclaring the ARG', async () => {
    const document = await openDockerfile('ARG VERSION=1\nFROM busybox:local\nRUN echo $VERSION\n');
    const diagnostics = await diagnosticsOf(document.uri, (d) => d.some((x) => codeOf(x) === 'UndefinedVar'));
    const undefinedVar = diagnostics.find((d) => codeOf(d) === 'UndefinedVar');
    assert.ok(undefinedVar, `no UndefinedVar among ${JSON.stringify(diagnostics.map(codeOf))}`);
    assert.equal(undefinedVar.range.start.line, 2);
    const target = (undefinedVar.code as { target: vscode.Uri }).target;
    assert.match(target.path, /docs\/rules\/UndefinedVar\.md$/);
    assert.ok((await vscode.workspace.fs.stat(target)).size > 0, 'the rule page ships with the extension');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, undefinedVar.range);
    const redeclare = actions.find((a) => /ARG VERSION/.test(a.title));
    assert.ok(redeclare?.edit, `no redeclare fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    await vscode.workspace.applyEdit(redeclare.edit);
    assert.match(document.getText(), /FROM busybox:local\nARG VERSION\n/);
    const after = await diagnosticsOf(document.uri, (d) => !d.some((x) => codeOf(x) === 'UndefinedVar'));
    assert.deepEqual(after.map(codeOf).filter((c) => c === 'UndefinedVar'), []);
  });

  it('honours a build arg from the settings: a given arg that no ARG declares is UnusedBuildArg', async () => {
    await vscode.workspace.getConfiguration().update('layerwise.dockerfile.buildArgs', { NOT_DECLARED: 'x' }, vscode.ConfigurationTarget.Global);
    try {
      const document = await openDockerfile('FROM busybox:local\nRUN true\n');
      const diagnostics = await diagnosticsOf(document.uri, (d) => d.some((x) => codeOf(x) === 'UnusedBuildArg'));
      assert.ok(diagnostics.some((d) => codeOf(d) === 'UnusedBuildArg'), JSON.stringify(diagnostics.map(codeOf)));
    } finally {
      await vscode.workspace.getConfiguration().update('layerwise.dockerfile.buildArgs', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  describe('base images from the engine', () => {
    const tag = `layerwise-test-base-${randomBytes(4).toString('hex')}:1`;

    before(() => {
      const built = dockerCli(['build', '-q', '--label', `${TEST_LABEL}=language-base`, '-t', tag, '-'], { input: 'FROM busybox:local\nENV FROM_BASE=yes\n' });
      assert.equal(built.status, 0, built.stderr);
    });

    after(() => {
      dockerCli(['rmi', tag]);
    });

    it('knows what the base image sets: no UndefinedVar for it, its value on hover; others are still flagged', async () => {
      const document = await openDockerfile(`FROM ${tag}\nENV COPY_OF=$FROM_BASE\nENV OTHER=$NOT_SET_ANYWHERE\n`);
      const undefinedAt = (d: vscode.Diagnostic[], line: number) => d.some((x) => codeOf(x) === 'UndefinedVar' && x.range.start.line === line);
      // The first lint runs before the engine has answered; the answer re-lints.
      const diagnostics = await diagnosticsOf(document.uri, (d) => undefinedAt(d, 2) && !undefinedAt(d, 1));
      assert.ok(undefinedAt(diagnostics, 2), 'a name nobody sets is flagged');
      assert.ok(!undefinedAt(diagnostics, 1), `FROM_BASE comes from the base image: ${JSON.stringify(diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line}`))}`);
      // The hover's model takes in the engine's answer on its own schedule: wait for it to have it.
      const hoverText = async () => (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 14)))
        .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      let text = '';
      await until('the hover to know the base image\'s FROM_BASE', async () => /`FROM_BASE`\*\* = `yes`/.test(text = await hoverText()), 60_000).catch(() => undefined);
      assert.match(text, /`FROM_BASE`\*\* = `yes`[\s\S]*the base image/);
    });
  });

  describe('variable hovers', () => {
    const text = 'ARG V=1\nFROM busybox:local\nARG V\nENV E=$V\nRUN echo $E\nCMD echo $V\n';
    const hoverText = async (document: vscode.TextDocument, line: number, character: number) => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, character));
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };

    after(async () => {
      await vscode.workspace.getConfiguration().update('layerwise.dockerfile.buildArgs', undefined, vscode.ConfigurationTarget.Global);
    });

    it('shows the value the builder expands and where it came from', async () => {
      const document = await openDockerfile(text);
      assert.match(await hoverText(document, 3, 7), /`V`\*\* = `1`[\s\S]*ARG.*line 3/);
    });

    it('shows what a RUN command sees, and that an ARG is empty when the container runs', async () => {
      const document = await openDockerfile(text);
      assert.match(await hoverText(document, 4, 10), /`E`\*\* = `1`[\s\S]*ENV in this stage at line 4/);
      const runtime = await hoverText(document, 5, 10);
      assert.match(runtime, /empty when the container runs/);
      // The library's own variable hover would claim "1" here (it ignores that CMD runs later).
      assert.doesNotMatch(runtime, /^1$/m);
    });

    it('uses the build args from the settings', async () => {
      await vscode.workspace.getConfiguration().update('layerwise.dockerfile.buildArgs', { V: '2' }, vscode.ConfigurationTarget.Global);
      const document = await openDockerfile(text);
      assert.match(await hoverText(document, 4, 10), /`E`\*\* = `2`/);
    });
  });
});
