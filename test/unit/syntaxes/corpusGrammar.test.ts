// The Dockerfile grammar over every real Dockerfile of the shared corpus: each file tokenises
// without a line stopping early (the time limit a runaway regular expression would hit), and the
// grammar agrees with the parser (dockerfile-ast) on where instructions are: every instruction's
// keyword is scoped as one, every line of a (continued, commented, heredoc) instruction stays
// inside it, and every line outside instructions is a comment or a parser directive. That last
// part is what catches a construct (a quote, a `${`) that runs on past its instruction.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { CORPUS, corpusFiles } from '../../support/corpus';
import { tokenize, TokenizedLine } from './textmate';

const KNOWN = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** What is wrong with one file's tokens, as short messages with 1-based line numbers. */
export function grammarDisagreements(text: string, lines: TokenizedLine[]): string[] {
  const problems: string[] = [];
  const parsed = DockerfileParser.parse(text);
  const inInstruction = new Set<number>();
  for (const instruction of parsed.getInstructions()) {
    const range = instruction.getRange();
    const keyword = instruction.getKeyword();
    for (let l = range.start.line; l <= range.end.line; l++) inInstruction.add(l);
    if (!KNOWN.has(keyword)) continue; // the builder rejects it; the grammar need not colour it
    const start = instruction.getInstructionRange().start;
    const at = lines[start.line].tokens.find((t) => t.startIndex <= start.character && start.character < t.startIndex + t.text.length);
    if (!at?.scopes.includes('keyword.other.special-method.dockerfile')) {
      problems.push(`${start.line + 1}: ${keyword} is not scoped as a keyword (${at?.scopes.join(' ')})`);
    }
    for (let l = range.start.line; l <= range.end.line; l++) {
      const outside = lines[l].tokens.find((t) => t.text.trim() !== '' && !t.scopes.some((s) => s.startsWith('meta.instruction.')));
      if (outside) problems.push(`${l + 1}: ${JSON.stringify(outside.text)} of the ${keyword} on line ${range.start.line + 1} is outside it (${outside.scopes.join(' ')})`);
    }
  }
  lines.forEach((line, l) => {
    if (line.stoppedEarly) problems.push(`${l + 1}: tokenising stopped early (time limit)`);
    if (inInstruction.has(l)) return;
    const stray = line.tokens.find((t) => t.text.trim() !== '' && !t.scopes.some((s) => s.startsWith('comment.') || s.startsWith('meta.preprocessor.')));
    if (stray) problems.push(`${l + 1}: ${JSON.stringify(stray.text)} outside any instruction is scoped ${stray.scopes.join(' ')}`);
  });
  return problems;
}

describe('Dockerfile grammar over the corpus', () => {
  it('tokenises every corpus file and agrees with the parser on every instruction line', async () => {
    const files = corpusFiles();
    assert.ok(files.length > 100, `expected the corpus at ${CORPUS}, found ${files.length} files`);
    const failures: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const problems = grammarDisagreements(text, await tokenize('source.dockerfile', text, 5_000));
      if (problems.length) failures.push(`${relative(CORPUS, file)}:\n  ${problems.slice(0, 5).join('\n  ')}`);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${files.length} files:\n${failures.slice(0, 15).join('\n')}`);
  });

  it('notices an instruction the grammar lost (the check itself can fail)', async () => {
    // An unterminated `${` on a line without continuation must not swallow the next instruction;
    // and a grammar that did would be reported. Check the check with a hand-made bad tokenisation.
    const text = 'FROM busybox\nRUN echo ${oops\nCMD ["sh"]\n';
    assert.deepEqual(grammarDisagreements(text, await tokenize('source.dockerfile', text)), []);
    const lines = await tokenize('source.dockerfile', text);
    const broken = lines.map((l, i) => (i === 2 ? { ...l, tokens: l.tokens.map((t) => ({ ...t, scopes: ['source.dockerfile'] })) } : l));
    assert.deepEqual(grammarDisagreements(text, broken).map((p) => p.replace(/ \(.*$/, '')), [
      '3: CMD is not scoped as a keyword',
      '3: "CMD" of the CMD on line 3 is outside it',
    ]);
  });
});
