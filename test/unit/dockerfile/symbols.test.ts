// The symbol index (variables and stages as the builder links them), the shell references in
// RUN/CMD, and the semantic tokens and value hints built on the index.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { buildModel } from '../../../src/dockerfile';
import { DocumentText } from '../../../src/dockerfile/documentText';
import { buildSymbolIndex, occurrenceAt, occurrencesOf, shellRegionsOf, SymbolIndex } from '../../../src/dockerfile/symbols/symbolIndex';
import { shellReferences } from '../../../src/dockerfile/symbols/shellReferences';
import { semanticTokens } from '../../../src/dockerfile/symbols/semanticTokens';
import { valueHints } from '../../../src/dockerfile/symbols/valueHints';

function index(text: string, buildArgs: Record<string, string> = {}): SymbolIndex {
  return buildSymbolIndex(text, buildModel(text, { buildArgs }));
}

/** `line:character` of every occurrence of the symbol under `line:character`, with d/r for definition/reference. */
function group(text: string, line: number, character: number, buildArgs: Record<string, string> = {}): string[] {
  const idx = index(text, buildArgs);
  const at = occurrenceAt(idx, { line, character });
  assert.ok(at, `no symbol at ${line}:${character}`);
  return occurrencesOf(idx, at.symbol).map((o) => `${o.range.start.line}:${o.range.start.character}${o.role === 'definition' ? 'd' : 'r'}`);
}

function shellNames(text: string, line: number): string[] {
  const doc = new DocumentText(text);
  const instruction = DockerfileParser.parse(text).getInstructions().find((i) => i.getRange().start.line === line)!;
  return shellRegionsOf(instruction, doc).flatMap((r) => shellReferences(doc, r, '\\')).map((r) => text.slice(r.start, r.end));
}

describe('shell references in RUN, CMD and heredocs', () => {
  it('finds $NAME and ${NAME...}, also nested in a default, but nothing single-quoted, escaped or commented', () => {
    const text = 'FROM x\nRUN echo $A "${B:-$C}" \'$D\' \\$E "\\$F" $(echo $G) # $H\n';
    assert.deepEqual(shellNames(text, 1), ['$A', '${B:-$C}', '$C', '$G']);
  });

  it('reads continued lines, skips the comment lines inside them, and stops at a comment to the end of the logical line', () => {
    const text = 'FROM x\nRUN echo $A \\\n# $NOT a reference\n  # nor $THIS \\\n    && echo \'it\'"s $B" \\\n    && true # comment \\\n    $C\nRUN echo $D\n';
    assert.deepEqual(shellNames(text, 1), ['$A', '$B']);
  });

  it('reads a RUN script heredoc, and a command heredoc unless its delimiter is quoted; not exec form', () => {
    assert.deepEqual(shellNames("FROM x\nRUN <<'EOF'\necho $A '$B'\nEOF\n", 1), ['$A']);
    assert.deepEqual(shellNames('FROM x\nRUN cat <<EOF > /f\n$A\nEOF\n', 1), ['$A']);
    assert.deepEqual(shellNames("FROM x\nRUN cat <<'EOF' > /f\n$A\nEOF\n", 1), []);
    assert.deepEqual(shellNames('FROM x\nCMD ["echo", "$A"]\n', 1), []);
    assert.deepEqual(shellNames('FROM x\nHEALTHCHECK --interval=5s CMD test -n "$A"\n', 1), ['$A']);
  });
});

describe('symbol index', () => {
  const multiStage = [
    'ARG VERSION=1', //                                       0
    'FROM busybox:$VERSION AS base', //                        1
    'ARG VERSION', //                                          2
    'ENV APP=/app', //                                         3
    "RUN echo $VERSION $APP '$VERSION' && for i in 1; do echo $i; done", // 4
    'FROM base AS second', //                                  5
    'RUN echo $APP $VERSION', //                               6
    'COPY --from=base /x /y', //                               7
    'FROM busybox AS third', //                                8
    'ARG VERSION=3', //                                        9
    'RUN --mount=type=cache,from=second,target=/c echo $VERSION $PATH', // 10
    'COPY --from=0 /a /b', //                                  11
  ].join('\n');

  it('links a global ARG to the FROM that reads it and to a stage that redeclares it without a default', () => {
    // (6:15 is `second`'s $VERSION: BuildKit's `FROM base` carries base's ARG along.)
    assert.deepEqual(group(multiStage, 0, 5), ['0:4d', '1:14r', '2:4d', '4:10r', '6:15r']);
    // The third stage's ARG VERSION=3 has its own default: another variable.
    assert.deepEqual(group(multiStage, 9, 5), ['9:4d', '10:51r']);
  });

  it('carries ENV into a stage built FROM the stage; an ARG only with BuildKit; a shell loop variable is not a symbol', () => {
    assert.deepEqual(group(multiStage, 3, 5), ['3:4d', '4:19r', '6:10r']);
    // BuildKit starts `second` with all of `base`'s environment, its ARG VERSION included (the
    // combined-multistage explain fixture shows the engine doing it); the classic builder does not.
    const buildkit = index(multiStage);
    assert.equal(buildkit.symbols[occurrenceAt(buildkit, { line: 6, character: 15 })!.symbol].name, 'VERSION');
    assert.deepEqual(group(multiStage, 2, 5), ['0:4d', '1:14r', '2:4d', '4:10r', '6:15r']);
    const classic = buildSymbolIndex(multiStage, buildModel(multiStage, { buildArgs: {}, builder: 'classic' }));
    assert.equal(occurrenceAt(classic, { line: 6, character: 15 }), undefined); // $VERSION: not defined in `second`
    assert.equal(occurrenceAt(buildkit, { line: 4, character: 58 }), undefined); // $i
  });

  it('links stage names to FROM, COPY --from (name or index) and RUN --mount=from', () => {
    assert.deepEqual(group(multiStage, 1, 26), ['1:25d', '5:5r', '7:12r', '11:12r']);
    assert.deepEqual(group(multiStage, 10, 30), ['5:13d', '10:28r']);
    const idx = index(multiStage);
    assert.equal(occurrenceAt(idx, { line: 11, character: 12 })?.byIndex, true);
  });

  it('treats ARG and ENV of one name in a stage, and redefinitions, as one variable; other stages keep theirs', () => {
    const text = 'FROM a\nARG X\nENV X=$X\nENV X=${X}2\nRUN echo $X\nFROM b\nENV X=other\n';
    assert.deepEqual(group(text, 4, 11), ['1:4d', '2:4d', '2:7r', '3:4d', '3:8r', '4:10r']);
    assert.deepEqual(group(text, 6, 5), ['6:4d']);
  });

  it('says where a value comes from at each occurrence, and what can be renamed', () => {
    const text = 'ARG G=1\nFROM x\nARG G\nARG B\nENV E=1\nRUN echo $G $B $E $PATH\nWORKDIR $NOPE\n';
    const idx = index(text, { B: 'given' });
    const kind = (line: number, character: number) => occurrenceAt(idx, { line, character })?.kind;
    assert.equal(kind(5, 10), 'global-arg');
    assert.equal(kind(5, 13), 'build-arg');
    assert.equal(kind(5, 16), 'env');
    assert.equal(kind(5, 19), 'base-env');
    assert.equal(kind(6, 10), 'undefined');
    const symbol = (line: number, character: number) => idx.symbols[occurrenceAt(idx, { line, character })!.symbol];
    assert.equal(symbol(5, 19).definedHere, false); // PATH: the engine's default
    assert.equal(symbol(6, 10).definedHere, false);
    assert.equal(symbol(5, 10).definedHere, true);
  });
});

describe('semantic tokens and value hints', () => {
  it('gives stages, ENV, ARG, build args and undefined names their own token types', () => {
    const text = 'ARG G=1\nFROM x:$G AS base\nARG B\nENV E=1\nRUN echo $B $E $PATH\nFROM y\nCOPY --from=base $NOPE /y\n';
    const tokens = semanticTokens(index(text, { B: 'given' }));
    const at = (line: number, character: number) => {
      const t = tokens.find((x) => x.range.start.line === line && x.range.start.character === character);
      return t && [t.type, ...t.modifiers].join('.');
    };
    assert.equal(at(0, 4), 'parameter.declaration.global');
    assert.equal(at(1, 8), 'parameter.global');
    assert.equal(at(1, 13), 'stage.declaration');
    assert.equal(at(2, 4), 'buildArg.declaration');
    assert.equal(at(3, 4), 'variable.declaration');
    assert.equal(at(4, 10), 'buildArg');
    assert.equal(at(4, 13), 'variable');
    assert.equal(at(4, 16), 'variable.defaultLibrary');
    assert.equal(at(6, 12), 'stage');
    assert.equal(at(6, 18), 'undefinedVariable');
  });

  it('hints the value where a variable is expanded, the result of ${X:-d}, and nothing at run time', () => {
    const text = 'ARG V=20\nFROM node:${V}-alpine\nARG V\nARG EMPTY\nENV HOME_DIR=/srv\nWORKDIR ${HOME_DIR}/app\nRUN echo $HOME_DIR ${MISSING:-fallback} $EMPTY\nCMD echo $HOME_DIR\n';
    const hints = valueHints(text, index(text), '\\').map((h) => `${h.position.line}:${h.position.character}=${h.value}`);
    assert.deepEqual(hints, ['1:14=20', '5:19=/srv', '6:18=/srv']);
    const withDefault = 'FROM x\nWORKDIR ${MISSING:-/fallback}\n';
    assert.deepEqual(valueHints(withDefault, index(withDefault), '\\').map((h) => h.value), ['/fallback']);
  });
});

describe('symbol index over the corpus', () => {
  it('indexes every corpus file, and every occurrence spans exactly its name as written', async () => {
    const { readFileSync } = await import('node:fs');
    const { corpusFiles } = await import('../../support/corpus');
    const files = corpusFiles();
    assert.ok(files.length > 100);
    let occurrences = 0;
    const wrong: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const model = buildModel(text);
      const idx = buildSymbolIndex(text, model);
      semanticTokens(idx);
      valueHints(text, idx, model.escapeChar);
      const doc = new DocumentText(text);
      for (const o of idx.occurrences) {
        occurrences++;
        const written = doc.line(o.range.start.line).slice(o.range.start.character, o.range.end.character);
        const name = idx.symbols[o.symbol].name;
        const same = o.byIndex ? /^\d+$/.test(written) : idx.symbols[o.symbol].kind === 'stage' ? written.toLowerCase() === name : written === name;
        if (!same && wrong.length < 10) wrong.push(`${file}:${o.range.start.line + 1}: ${JSON.stringify(written)} for ${name}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(occurrences > 5000, `only ${occurrences} occurrences in the corpus`);
  });
});
