// Runs inside a real VS Code extension host: references, highlights, rename, semantic tokens,
// inlay hints, signature help and document links for Dockerfiles, through VS Code's own
// `vscode.execute*` commands (so through the providers as VS Code calls them).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const MULTI_STAGE = [
  'ARG VERSION=1.36', //                                              0
  'FROM busybox:$VERSION AS base', //                                 1
  'ARG VERSION', //                                                   2
  'ENV APP_HOME=/srv', //                                             3
  "RUN echo $VERSION $APP_HOME '$VERSION' && for i in 1; do echo $i; done", // 4
  'FROM base AS final', //                                            5
  'WORKDIR ${APP_HOME}/app', //                                       6
  'COPY --from=base /bin/sh /sh', //                                  7
  'FROM busybox AS other', //                                         8
  'ARG VERSION=9', //                                                 9
  'RUN echo $VERSION $PATH', //                                       10
  '',
].join('\n');

let opened = 0;

/**
 * An untitled Dockerfile with a name of its own: `openTextDocument({ content })` names it
 * Untitled-N, and N is reused once the previous test's editor is closed, which let a provider
 * call of one test (signature help, seen under load) read the previous test's text.
 */
async function openDockerfile(content: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/layerwise-navigation-${process.pid}-${++opened}/Dockerfile` });
  const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'dockerfile');
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), content);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the content was not inserted');
  assert.equal(document.getText(), content);
  await vscode.window.showTextDocument(document);
  return document;
}

const at = (r: vscode.Range) => `${r.start.line}:${r.start.character}`;

describe('Dockerfile navigation: references, highlights, rename', function () {
  this.timeout(30_000);

  before(async () => {
    await vscode.extensions.getExtension('layerwise.layerwise')?.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('finds the references of a global ARG: the FROM that reads it and the stage that redeclares it, not other stages', async () => {
    const document = await openDockerfile(MULTI_STAGE);
    const locations = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, new vscode.Position(0, 6));
    assert.deepEqual(locations.map((l) => at(l.range)).sort(), ['0:4', '1:14', '2:4', '4:10']);
    assert.ok(locations.every((l) => l.uri.toString() === document.uri.toString()));
  });

  it('highlights an ENV where it is defined (write) and read, also in the stage built FROM it', async () => {
    const document = await openDockerfile(MULTI_STAGE);
    const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', document.uri, new vscode.Position(4, 20));
    assert.deepEqual(highlights.map((h) => `${at(h.range)}${h.kind === vscode.DocumentHighlightKind.Write ? 'w' : 'r'}`).sort(), ['3:4w', '4:19r', '6:10r']);
  });

  it('highlights a stage name in FROM ... AS, FROM and COPY --from', async () => {
    const document = await openDockerfile(MULTI_STAGE);
    const highlights = await vscode.commands.executeCommand<vscode.DocumentHighlight[]>('vscode.executeDocumentHighlights', document.uri, new vscode.Position(7, 13));
    assert.deepEqual(highlights.map((h) => at(h.range)).sort(), ['1:25', '5:5', '7:12']);
  });

  it('renames a global ARG everywhere its value goes, and leaves the other stage and the single-quoted text alone', async () => {
    const document = await openDockerfile(MULTI_STAGE);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', document.uri, new vscode.Position(1, 16), 'BUSYBOX_VERSION');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const lines = document.getText().split('\n');
    assert.equal(lines[0], 'ARG BUSYBOX_VERSION=1.36');
    assert.equal(lines[1], 'FROM busybox:$BUSYBOX_VERSION AS base');
    assert.equal(lines[2], 'ARG BUSYBOX_VERSION');
    assert.equal(lines[4], "RUN echo $BUSYBOX_VERSION $APP_HOME '$VERSION' && for i in 1; do echo $i; done");
    assert.equal(lines[9], 'ARG VERSION=9');
    assert.equal(lines[10], 'RUN echo $VERSION $PATH');
  });

  it('renames a stage in its FROM ... AS, FROM and COPY --from', async () => {
    const document = await openDockerfile(MULTI_STAGE);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', document.uri, new vscode.Position(1, 26), 'builder');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const lines = document.getText().split('\n');
    assert.deepEqual([lines[1], lines[5], lines[7]], ['FROM busybox:$VERSION AS builder', 'FROM builder AS final', 'COPY --from=builder /bin/sh /sh']);
  });

  it('refuses to rename what the Dockerfile does not define, and a name that would merge two variables', async () => {
    const document = await openDockerfile(MULTI_STAGE);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', document.uri, new vscode.Position(10, 20), 'P')), /not defined in this Dockerfile/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', document.uri, new vscode.Position(3, 6), 'VERSION')), /already a variable/);
    assert.equal(document.getText(), MULTI_STAGE);
  });
});

describe('Dockerfile semantic tokens, inlay hints, signature help, links', function () {
  this.timeout(30_000);
  const settingsTarget = vscode.ConfigurationTarget.Global;

  before(async () => {
    await vscode.extensions.getExtension('layerwise.layerwise')?.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('tells stages, ENV, ARG, build args and undefined names apart in semantic tokens', async () => {
    const config = vscode.workspace.getConfiguration('layerwise.dockerfile');
    await config.update('buildArgs', { GIVEN: 'from-settings' }, settingsTarget);
    try {
      const document = await openDockerfile('ARG BASE=busybox\nFROM $BASE AS base\nARG GIVEN\nENV HOME_DIR=/srv\nRUN echo $GIVEN $HOME_DIR $PATH\nFROM base\nCOPY --from=base $NOPE /x\n');
      const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', document.uri);
      const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', document.uri);
      // Decode VS Code's relative encoding: [deltaLine, deltaStart, length, type, modifier bits] per token.
      const decoded = new Map<string, string>();
      let line = 0;
      let character = 0;
      for (let i = 0; i < tokens.data.length; i += 5) {
        const [deltaLine, deltaStart, length, type, bits] = tokens.data.slice(i, i + 5);
        line += deltaLine;
        character = deltaLine ? deltaStart : character + deltaStart;
        const modifiers = legend.tokenModifiers.filter((_, m) => bits & (1 << m));
        decoded.set(`${line}:${character}`, [`${document.lineAt(line).text.slice(character, character + length)}`, legend.tokenTypes[type], ...modifiers].join(' '));
      }
      assert.equal(decoded.get('0:4'), 'BASE parameter declaration global');
      assert.equal(decoded.get('1:6'), 'BASE parameter global');
      assert.equal(decoded.get('1:14'), 'base stage declaration');
      assert.equal(decoded.get('2:4'), 'GIVEN buildArg declaration');
      assert.equal(decoded.get('3:4'), 'HOME_DIR variable declaration');
      assert.equal(decoded.get('4:10'), 'GIVEN buildArg');
      assert.equal(decoded.get('4:17'), 'HOME_DIR variable');
      assert.equal(decoded.get('4:27'), 'PATH variable defaultLibrary');
      assert.equal(decoded.get('5:5'), 'base stage');
      assert.equal(decoded.get('6:12'), 'base stage');
      assert.equal(decoded.get('6:18'), 'NOPE undefinedVariable');
    } finally {
      await config.update('buildArgs', undefined, settingsTarget);
    }
  });

  it('shows a variable\'s value as an inlay hint where it is expanded, and none when the setting is off', async () => {
    const document = await openDockerfile('ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-alpine\nENV APP_HOME=/srv\nWORKDIR $APP_HOME\nRUN echo $APP_HOME\nCMD echo $APP_HOME\n');
    const range = new vscode.Range(0, 0, document.lineCount, 0);
    const labels = (hints: vscode.InlayHint[]) => hints.map((h) => `${at(new vscode.Range(h.position, h.position))} ${typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')}`);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, range);
    assert.deepEqual(labels(hints), ['1:25 = 20', '3:17 = /srv', '4:18 = /srv']);
    const config = vscode.workspace.getConfiguration('layerwise.dockerfile.inlayHints');
    await config.update('variableValues', false, settingsTarget);
    try {
      const off = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, range);
      assert.deepEqual(labels(off), []);
    } finally {
      await config.update('variableValues', undefined, settingsTarget);
    }
  });

  it('offers signature help for an instruction\'s arguments', async () => {
    const document = await openDockerfile('FROM busybox\nCOPY --from=\n');
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', document.uri, new vscode.Position(1, 5), ' ');
    assert.ok(help, 'no signature help');
    assert.match(help.signatures[help.activeSignature].label, /^COPY \[flags\] source \.\.\. dest/);
    const parameter = help.signatures[help.activeSignature].parameters[help.activeParameter];
    assert.equal(parameter.label, '[flags]');
  });

  it('links a FROM image to its registry page, but not an image of another registry to Docker Hub', async () => {
    const document = await openDockerfile('FROM busybox:1.36 AS a\nFROM 127.0.0.1:5000/team/app:1\nFROM a\n');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri, 10);
    assert.deepEqual(links.map((l) => `${at(l.range)} ${l.target?.toString(true)}`), ['0:5 https://hub.docker.com/_/busybox/']);
  });
});
