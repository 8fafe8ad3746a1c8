// Writes the TextMate grammars' JSON (what VS Code loads) from their sources beside this file.
// Usage: node syntaxes/generate.mjs [--check]   (--check: exit 1 when a JSON file is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { dockerfileGrammar } from './dockerfile.grammar.mjs';
import { dockerignoreGrammar } from './dockerignore.grammar.mjs';

export const GRAMMARS = {
  'dockerfile.tmLanguage.json': dockerfileGrammar,
  'dockerignore.tmLanguage.json': dockerignoreGrammar,
};

export function render(make) {
  return `${JSON.stringify(make(), null, 2)}\n`;
}

const isMain = process.argv[1] && new URL(import.meta.url).pathname === process.argv[1];
if (isMain) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, make] of Object.entries(GRAMMARS)) {
    const path = new URL(file, import.meta.url);
    const text = render(make);
    let current = '';
    try { current = readFileSync(path, 'utf8'); } catch { /* not written yet */ }
    if (current === text) continue;
    if (check) { console.error(`syntaxes/${file} is out of date: run node syntaxes/generate.mjs`); stale++; }
    else { writeFileSync(path, text); console.log(`wrote syntaxes/${file}`); }
  }
  process.exit(stale ? 1 : 0);
}
