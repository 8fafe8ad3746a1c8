// Mutation fuzzing of the Dockerfile analysis: inputs made from windows of the shared corpus with
// byte flips, line splices, parser-directive and heredoc insertions and random bytes, from a
// seeded generator (the same seed gives the same inputs), and every analysis a user's keystroke
// can reach run on each: lint (with every quick fix applied and the result linted again), the build
// model for both builders, explain and its rebuild plan, the symbol index, semantic tokens, value
// hints and the variable under a position. An input fails when one of them throws, takes longer
// than the bound, or gives a range outside the document.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildModel, explain, findTarget, rebuildPlan, referenceAt } from '../../src/dockerfile';
import type { Range } from '../../src/dockerfile';
import { lintAll } from '../../src/dockerfile/rules';
import { buildSymbolIndex } from '../../src/dockerfile/symbols/symbolIndex';
import { semanticTokens } from '../../src/dockerfile/symbols/semanticTokens';
import { valueHints } from '../../src/dockerfile/symbols/valueHints';
import { corpusFiles } from './corpus';
import { applyEdits } from './fixes';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters the lexer, the parser and the heredoc reader treat specially. */
const SPECIAL = ['\\', '`', '$', '{', '}', ':', '-', '+', '?', '#', '%', '/', '"', "'", '<', '<<', '=', ' ', '\t', '\n', '\r\n', '[', ']', ',', '*', '\u0000', '\uFEFF', '\u{1F600}'];
const DIRECTIVES = ['# escape=`', '# escape=\\', '# syntax=docker/dockerfile:1', '# check=skip=all', '# check=error=true;experimental=all', '#!/bin/sh', '# escape=x'];
const HEREDOCS = ['RUN <<EOF\napt-get update\nEOF', 'RUN <<-"X" bash\n\techo $A\n\tX', 'COPY <<A <<B /dst/\na\nA\nb\nB', 'RUN cat <<EOF > /f', 'ADD <<EOF /x\n${A:-${B}}\nEOF', 'RUN 3<<EOF\nEOF'];

export interface FuzzFailure { index: number; input: string; what: string }

function inside(range: Range, lines: readonly string[]): boolean {
  const ok = (p: Range['start']) => p.line >= 0 && p.line < Math.max(1, lines.length) && p.character >= 0 && p.character <= (lines[p.line]?.length ?? 0);
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && ordered;
}

export class Fuzzer {
  private readonly random: () => number;
  private readonly corpus: string[];

  constructor(readonly seed: number) {
    this.random = seededRandom(seed);
    this.corpus = corpusFiles().map((f) => readFileSync(f, 'utf8'));
    if (this.corpus.length === 0) throw new Error('the shared corpus is empty: nothing to mutate');
  }

  private pick<T>(items: readonly T[]): T { return items[Math.floor(this.random() * items.length)]; }
  private int(n: number): number { return Math.floor(this.random() * n); }

  /** One input: a window of 1-12 lines of a corpus file, mutated one to four times. */
  next(): string {
    const lines = this.pick(this.corpus).split('\n');
    const start = this.int(lines.length);
    let text = lines.slice(start, start + 1 + this.int(12)).join('\n');
    for (let m = 1 + this.int(4); m > 0; m--) {
      const at = this.int(text.length + 1);
      switch (this.int(6)) {
        case 0: text = text.slice(0, at) + this.pick(SPECIAL) + text.slice(at + this.int(2)); break; // flip or insert
        case 1: { // splice a line of another file
          const other = this.pick(this.corpus).split('\n');
          const rows = text.split('\n');
          rows.splice(this.int(rows.length + 1), this.int(2), this.pick(other));
          text = rows.join('\n');
          break;
        }
        case 2: text = `${this.pick(DIRECTIVES)}\n${text}`; break;
        case 3: { const rows = text.split('\n'); rows.splice(this.int(rows.length + 1), 0, this.pick(HEREDOCS)); text = rows.join('\n'); break; }
        case 4: text = text.slice(0, at) + String.fromCharCode(...Array.from({ length: 1 + this.int(40) }, () => this.int(0x250))) + text.slice(at); break;
        default: text = text.slice(0, at) + text.slice(at + 1 + this.int(20)); // delete a run
      }
    }
    // A lone carriage return is a line break to an editor and none to the builder (it splits at
    // `\n` only): ranges cannot be right for both, so inputs keep `\r` only before `\n`.
    return text.replace(/\r(?!\n)/g, '');
  }

  /** Runs every analysis on `text`; the first thing wrong, or undefined. */
  check(text: string, boundMs: number): string | undefined {
    const started = performance.now();
    const lines = text.split(/\r?\n/);
    try {
      const findings = lintAll(text);
      // Each distinct text a quick fix (or a "skip this rule" action) writes, linted again once.
      const fixed = new Set<string>();
      for (const f of findings) {
        if (!inside(f.range, lines)) return `${f.rule} range ${JSON.stringify(f.range)} outside the document`;
        for (const fix of [...(f.fix ? [f.fix] : []), ...(f.suppressions ?? [])]) {
          for (const e of fix.edits) if (!inside(e.range, lines)) return `${f.rule} fix "${fix.title}" edits outside the document`;
          fixed.add(applyEdits(text, fix.edits));
        }
      }
      for (const result of fixed) lintAll(result);
      for (const builder of ['buildkit', 'classic'] as const) {
        const model = buildModel(text, { builder });
        const target = findTarget(model);
        if (target) {
          const plan = rebuildPlan(model, target, { changedPaths: ['src/app.js'], changedArgs: ['VERSION'], dockerignore: 'src\n!src/keep' });
          explain(model, target, plan);
        }
        const index = buildSymbolIndex(text, model);
        for (const token of semanticTokens(index)) if (!inside(token.range, lines)) return `semantic token ${JSON.stringify(token)} outside the document`;
        valueHints(text, index, model.escapeChar);
        const line = this.int(lines.length);
        referenceAt(model, { line, character: this.int((lines[line]?.length ?? 0) + 1) });
      }
    } catch (error) {
      return `threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
    }
    const took = performance.now() - started;
    return took > boundMs ? `took ${took.toFixed(0)} ms (bound ${boundMs} ms)` : undefined;
  }

  /** `count` inputs; the failures, each with the input that caused it. */
  run(count: number, boundMs: number): FuzzFailure[] {
    const failures: FuzzFailure[] = [];
    for (let index = 0; index < count; index++) {
      const input = this.next();
      const what = this.check(input, boundMs);
      if (what) failures.push({ index, input, what });
    }
    return failures;
  }
}
