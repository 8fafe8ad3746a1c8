// Tokenises text with the project's TextMate grammars the way VS Code does: vscode-textmate over
// the Oniguruma WebAssembly build. VS Code's shell grammar (the same grammar, from tm-grammars)
// stands in for the one VS Code ships, so heredoc bodies are coloured by it here too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

export const ROOT = join(__dirname, '../../../..');
export const SHELL_GRAMMAR = require.resolve('tm-grammars/grammars/shellscript.json');
export const DOCKERFILE_GRAMMAR = join(ROOT, 'syntaxes/dockerfile.tmLanguage.json');
export const DOCKERIGNORE_GRAMMAR = join(ROOT, 'syntaxes/dockerignore.tmLanguage.json');

const grammarFiles: Record<string, string> = {
  'source.dockerfile': DOCKERFILE_GRAMMAR,
  'source.dockerignore': DOCKERIGNORE_GRAMMAR,
  'source.shell': SHELL_GRAMMAR,
};

let registry: Promise<textmate.Registry> | undefined;

function loadRegistry(): Promise<textmate.Registry> {
  registry ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = grammarFiles[scopeName];
        return file ? textmate.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
      },
    });
  })();
  return registry;
}

export interface Token { text: string; scopes: string[]; startIndex: number }
export interface TokenizedLine { line: string; tokens: Token[]; stoppedEarly: boolean }

/** Each line's tokens; a line that takes longer than `timeLimitMs` is reported as stopped early. */
export async function tokenize(scopeName: string, text: string, timeLimitMs = 1000): Promise<TokenizedLine[]> {
  const grammar = await (await loadRegistry()).loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar for ${scopeName}`);
  let state = textmate.INITIAL;
  const result: TokenizedLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const r = grammar.tokenizeLine(line, state, timeLimitMs);
    result.push({
      line,
      stoppedEarly: r.stoppedEarly,
      tokens: r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes, startIndex: t.startIndex })),
    });
    state = r.ruleStack;
  }
  return result;
}

/** The scopes at a 0-based column of a tokenised line. */
export function scopesAt(line: TokenizedLine, column: number): string[] {
  const token = [...line.tokens].reverse().find((t) => t.startIndex <= column);
  return token?.scopes ?? [];
}
