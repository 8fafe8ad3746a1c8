// The TextMate grammars' own cases (test/fixtures/grammar, in vscode-tmgrammar-test's format:
// `# ^^^ scope` lines assert the scopes of the line above), run by vscode-tmgrammar-test; plus the
// grammars being current with their sources and registered in the manifest as VS Code reads it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runProcess } from '../../support/process';
import { DOCKERFILE_GRAMMAR, DOCKERIGNORE_GRAMMAR, ROOT, SHELL_GRAMMAR, tokenize } from './textmate';

const CASES = join(ROOT, 'test/fixtures/grammar');
const TMGRAMMAR_TEST = join(ROOT, 'node_modules/vscode-tmgrammar-test/dist/unit.js');

async function tmgrammarTest(glob: string, grammars: string[]): Promise<void> {
  const args = [TMGRAMMAR_TEST, '--compact', '--config', join(ROOT, 'package.json'), ...grammars.flatMap((g) => ['-g', g]), glob];
  const result = await runProcess(process.execPath, args);
  assert.equal(result.status, 0, `vscode-tmgrammar-test failed:\n${result.stdout}${result.stderr}`);
  assert.doesNotMatch(result.stdout, /ERROR/);
}

describe('TextMate grammars', () => {
  it('Dockerfile cases: directives, # check=, escape=`, heredocs as shell, --mount flags, variables in strings, continuations', async () => {
    await tmgrammarTest(join(CASES, '*.Dockerfile'), [DOCKERFILE_GRAMMAR, SHELL_GRAMMAR]);
  });

  it('.dockerignore cases: comments, ! exceptions, ** and wildcards', async () => {
    await tmgrammarTest(join(CASES, '*.dockerignore'), [DOCKERIGNORE_GRAMMAR]);
  });

  it('a case that asserts a wrong scope fails (the runner is not silently passing)', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'layerwise-grammar-'));
    try {
      writeFileSync(join(dir, 'wrong.Dockerfile'), '# SYNTAX TEST "source.dockerfile" "wrong on purpose"\nFROM busybox\n# <---- comment.line\n');
      await assert.rejects(tmgrammarTest(join(dir, '*.Dockerfile'), [DOCKERFILE_GRAMMAR, SHELL_GRAMMAR]), /Missing required scopes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the JSON grammars are generated from syntaxes/*.grammar.mjs (run node syntaxes/generate.mjs)', async () => {
    const result = await runProcess(process.execPath, [join(ROOT, 'syntaxes/generate.mjs'), '--check']);
    assert.equal(result.status, 0, result.stderr);
  });

  it('the manifest registers the grammars and the dockerignore language', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { grammars: Array<{ language: string; scopeName: string; path: string; embeddedLanguages?: Record<string, string> }>; languages: Array<{ id: string; filenames?: string[] }> };
      activationEvents: string[];
    };
    const grammars = manifest.contributes.grammars;
    for (const [language, scopeName, file] of [['dockerfile', 'source.dockerfile', DOCKERFILE_GRAMMAR], ['dockerignore', 'source.dockerignore', DOCKERIGNORE_GRAMMAR]]) {
      const entry = grammars.find((g) => g.language === language);
      assert.ok(entry, `no grammar for ${language}`);
      assert.equal(entry.scopeName, scopeName);
      assert.equal(join(ROOT, entry.path), file);
      assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { scopeName: string }).scopeName, scopeName);
    }
    // Heredoc bodies are shell for VS Code too (comment toggling, brackets, snippets).
    assert.equal(grammars.find((g) => g.language === 'dockerfile')?.embeddedLanguages?.['meta.embedded.block.shellscript'], 'shellscript');
    assert.deepEqual(manifest.contributes.languages.find((l) => l.id === 'dockerignore')?.filenames, ['.dockerignore']);
    assert.ok(manifest.activationEvents.includes('onLanguage:dockerignore'));
  });

  it('a heredoc body whose shell never closes a quote still ends at its delimiter, and the next instruction is one', async () => {
    const lines = await tokenize('source.dockerfile', 'FROM busybox\nRUN <<EOF\necho "never closed\nEOF\nCMD ["sh"]\n');
    assert.ok(lines[3].tokens[0].scopes.includes('entity.name.tag.heredoc.dockerfile'), lines[3].tokens[0].scopes.join(' '));
    assert.ok(lines[4].tokens[0].scopes.includes('keyword.other.special-method.dockerfile'), lines[4].tokens[0].scopes.join(' '));
    assert.ok(!lines[4].tokens.some((t) => t.scopes.some((s) => s.includes('heredoc') || s.startsWith('string.quoted.double.shell'))));
  });
});
