// The layering rule of the code base: engine/ and dockerfile/ (and the CLI built on them) run under
// plain Node, so nothing in them may import `vscode`, directly or through another module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const src = resolve(__dirname, '../../../src');
const IMPORT = /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try { if (statSync(candidate).isFile()) return candidate; } catch { /* next */ }
  }
  return undefined;
}

/** Every module `entry` loads (transitively, local files only), and whether one of them imports vscode. */
function vscodeImporters(entry: string): string[] {
  const seen = new Set<string>();
  const offenders: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = m[1] ?? m[2] ?? m[3]!;
      if (specifier === 'vscode') offenders.push(file.slice(src.length + 1));
      else if (specifier.startsWith('.')) {
        const next = resolveLocal(file, specifier);
        if (next) visit(next);
      }
    }
  };
  visit(entry);
  return offenders;
}

test('engine/, dockerfile/, the workers and the CLI never load vscode', () => {
  // A worker thread has no `vscode` module at all: one import there and the editor's lint is gone.
  const entries = [...tsFiles(join(src, 'engine')), ...tsFiles(join(src, 'dockerfile')), ...tsFiles(join(src, 'workers')), join(src, 'language/lintWorkerClient.ts'), join(src, 'language/languageWorkerClient.ts'), join(src, 'language/workerThread.ts'), join(src, 'cli.ts')];
  assert.ok(entries.length > 20, `found only ${entries.length} files under ${src}`);
  const offenders = new Set(entries.flatMap(vscodeImporters));
  assert.deepEqual([...offenders], []);
});

test('the check itself sees a vscode import (the extension entry has one)', () => {
  assert.ok(vscodeImporters(join(src, 'extension.ts')).length > 0);
});

/**
 * No shell ever sees a user's text: the extension and the CLI reach the engine through its API
 * (dockerode, argv-free), start no program and type nothing into a terminal. A name, tag, build
 * arg or command full of `;`, `$( )`, quotes or newlines goes to the engine as a JSON value.
 * Logs and shells in terminals are pseudoterminals fed by the API's streams; the one terminal that
 * runs a program (`docker run -it`, commands/terminals.ts) gets it as shellPath and an argv array,
 * never one string (VS Code would split a string itself).
 */
test('nothing in src starts a process or types into a terminal (no shell string can be built)', () => {
  const files = tsFiles(src);
  const offenders: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const specifier = m[1] ?? m[2] ?? m[3]!;
      if (/^(node:)?child_process$/.test(specifier)) offenders.push(`${file.slice(src.length + 1)}: imports ${specifier}`);
    }
    for (const call of text.matchAll(/\.sendText\(|\bshellArgs\s*:\s*[`'"]/g)) offenders.push(`${file.slice(src.length + 1)}: ${call[0]}`);
  }
  assert.ok(files.length > 50, `found only ${files.length} files under ${src}`);
  assert.deepEqual(offenders, []);
});
