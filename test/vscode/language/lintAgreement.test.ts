// The editor and `layerwise lint` give the same findings on the same files: the same rules, lines,
// columns, severities and messages. Both take the Dockerfile's folder as the build context (so
// MissingDockerignore and CopyIgnoredFile agree) and ask the same engine about base images.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';

const projectRoot = resolve(__dirname, '../../../..');

const FILES: Record<string, string> = {
  'app/Dockerfile': [
    'FROM busybox:local',
    'MAINTAINER Jane Doe <jane@example.com>',
    'ENV APP_HOME=/app DATA=$APP_HOME/data',
    'WORKDIR $APP_HOEM',
    'RUN apt-get update',
    'COPY . .',
    '# check=skip=SecretsUsedInArgOrEnv // fixture',
    'ENV DB_PASSWORD=x',
    'ENV API_TOKEN=y',
    'CMD serve --port 80',
    '',
  ].join('\n'),
  'app/server.js': 'console.log(1)\n',
  'ignored/Dockerfile': 'FROM busybox:local AS Base\nCOPY notes.md /notes.md\nEXPOSE 80/TCP\n',
  'ignored/.dockerignore': '*.md\n',
  'ignored/notes.md': 'x\n',
};

interface Seen { rule: string; severity: string; line: number; column: number; endLine: number; endColumn: number; message: string }

const key = (f: Seen) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.rule}: ${f.message}`;

function fromCli(file: string): string[] {
  const r = spawnSync(process.execPath, [join(projectRoot, 'dist/cli.js'), 'lint', '--format', 'json', file], { encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `lint exited ${r.status}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as Seen[]).map(key).sort();
}

const SEVERITY: Record<number, string> = { 0: 'error', 1: 'warning', 2: 'info', 3: 'info' };

function fromEditor(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'layerwise').map((d) => key({
    rule: typeof d.code === 'object' ? String(d.code.value) : String(d.code),
    severity: SEVERITY[d.severity],
    line: d.range.start.line + 1, column: d.range.start.character + 1,
    endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
    message: d.message,
  })).sort();
}

describe('the editor and `layerwise lint` agree', function () {
  this.timeout(60_000);
  let dir: string;

  before(async () => {
    await vscode.extensions.getExtension('layerwise.layerwise')?.activate();
    dir = mkdtempSync(join(tmpdir(), 'lw-agree-'));
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['app/Dockerfile', 'ignored/Dockerfile']) {
    it(`${name}: the same findings, rule for rule and column for column`, async () => {
      const path = join(dir, name);
      const cli = fromCli(path);
      assert.ok(cli.length >= 3, `the file has findings: ${cli.join('\n')}`);
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      await vscode.window.showTextDocument(document);
      // The editor lints at once, then again when the engine has described the base image.
      const deadline = Date.now() + 30_000;
      let editor = fromEditor(document.uri);
      while (editor.join('\n') !== cli.join('\n') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        editor = fromEditor(document.uri);
      }
      assert.deepEqual(editor, cli);
    });
  }
});
