// Heredocs as current BuildKit reads them (its parser and dockerfile_heredoc_test.go are the truth:
// the engine here predates them), in the model and the rebuild plan; and how a builder without
// heredocs (the classic builder) reads the same file.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, explain, findTarget, rebuildPlan } from '../../../src/dockerfile';
import { DocumentText } from '../../../src/dockerfile/documentText';
import { chompContent, heredocMarkers, inlineFileContent, parseHeredocWord, rawWords, readHeredocBodies } from '../../../src/dockerfile/heredoc';
import { processWord } from '../../../src/dockerfile/shellLexer';

describe('heredoc markers (parser: heredocsFromLine, heredocFromMatch)', () => {
  it('finds every heredoc a line opens, in order, with the <<- and file descriptor forms', () => {
    assert.deepEqual(heredocMarkers('COPY <<EOF <<-"TWO" 3<<\'three\' /dest/'), [
      { name: 'EOF', expand: true, chomp: false, fileDescriptor: 0 },
      { name: 'TWO', expand: false, chomp: true, fileDescriptor: 0 },
      { name: 'three', expand: false, chomp: false, fileDescriptor: 3 },
    ]);
  });

  it('turns expansion off when any part of the name is quoted', () => {
    assert.equal(parseHeredocWord('<<E"O"F')?.name, 'EOF');
    assert.equal(parseHeredocWord('<<E"O"F')?.expand, false);
    assert.equal(parseHeredocWord('<<E\\OF')?.expand, true);
  });

  it('is not a heredoc without a name, inside another word, or in quotes', () => {
    assert.equal(parseHeredocWord('<<'), undefined);
    assert.equal(parseHeredocWord('cat<<EOF'), undefined);
    assert.deepEqual(heredocMarkers('RUN echo "<<EOF" a\\ <<b'), []);
    assert.deepEqual(rawWords('RUN echo "a b" c\\ d'), ['RUN', 'echo', '"a b"', 'c\\ d']);
  });

  it('reads each body up to its terminator; <<- ignores leading tabs there', () => {
    const doc = new DocumentText('RUN <<A <<-B\none\nA\n\ttwo\n\tB\nENV X=1\n');
    const read = readHeredocBodies(doc, 0, heredocMarkers('RUN <<A <<-B'));
    assert.deepEqual(read.heredocs.map((h) => [h.name, h.content, h.terminatorLine]), [['A', 'one\n', 2], ['B', '\ttwo\n', 4]]);
    assert.equal(read.lastLine, 4);
    assert.equal(chompContent('\t\ta\n\tb\n'), 'a\nb\n');
    assert.equal(readHeredocBodies(new DocumentText('RUN <<A\nnever ends\n'), 0, heredocMarkers('RUN <<A')).error, 'unterminated heredoc');
  });

  it('expands an inline file keeping quotes and applying backslash escapes (testCopyHeredocSpecialSymbols)', () => {
    const heredoc = (content: string, expand = true) => ({ name: 'EOF', expand, chomp: false, fileDescriptor: 0, content, contentStart: 0, terminatorLine: 1 });
    const expand = (text: string) => processWord(text, '\\', (n) => (n === 'V' ? 'v' : undefined)).value;
    assert.equal(inlineFileContent(heredoc('"quotes in file"\n'), expand), '"quotes in file"\n');
    assert.equal(inlineFileContent(heredoc('\\\n'), expand), '\n');
    assert.equal(inlineFileContent(heredoc('\\\\\n'), expand), '\\\n');
    assert.equal(inlineFileContent(heredoc('\\$\n'), expand), '$\n');
    assert.equal(inlineFileContent(heredoc("'$V' \"${V}\"\n"), expand), "'v' \"v\"\n");
    assert.equal(inlineFileContent(heredoc('\\$V $V\n', false), expand), '\\$V $V\n');
  });
});

describe('heredocs in the BuildKit model', () => {
  const text = 'FROM a\nARG NAME=world\nRUN <<EOF\necho hello $NAME\nFROM nope\nEOF\nCOPY <<CONF <<"RAW" /etc/\nname=$NAME\nCONF\nraw=$NAME\nRAW\nENV AFTER=1\n';

  it('keeps the bodies out of the instructions, and the ranges on the lines that open them', () => {
    const model = buildModel(text);
    assert.deepEqual(model.problems, []);
    assert.equal(model.stages.length, 1, 'the FROM inside the body is text, not a stage');
    const stage = model.stages[0];
    assert.deepEqual(stage.instructions.map((i) => [i.keyword, i.range.start.line]), [['FROM', 0], ['ARG', 1], ['RUN', 2], ['COPY', 6], ['ENV', 11]]);
    assert.deepEqual(stage.instructions[2].heredocs!.map((h) => [h.name, h.content]), [['EOF', 'echo hello $NAME\nFROM nope\n']]);
  });

  it('records the variables an inline file expands, at their place in the body; a quoted name expands none', () => {
    const copy = buildModel(text).stages[0].instructions[3];
    assert.deepEqual(copy.references.map((r) => [r.name, r.range.start.line, r.range.start.character, r.defined]), [['NAME', 7, 5, true]]);
    const run = buildModel(text).stages[0].instructions[2];
    assert.deepEqual(run.references, [], 'the shell expands a RUN heredoc, not the builder');
  });

  it('notes that this engine\'s BuildKit predates heredocs', () => {
    const model = buildModel(text);
    const notes = explain(model, findTarget(model)!).notes;
    assert.ok(notes.some((n) => n.startsWith('RUN <<EOF (line 3): heredocs need Dockerfile frontend 1.4+')), JSON.stringify(notes));
  });

  it('refuses a heredoc as a destination, and a body that never ends', () => {
    assert.deepEqual(buildModel('FROM a\nCOPY x <<EOF\nEOF\n').problems.map((p) => p.message), ['COPY cannot accept a heredoc as a destination']);
    assert.deepEqual(buildModel('FROM a\nRUN <<EOF\necho\n').problems.map((p) => p.message), ['unterminated heredoc']);
  });

  it('appends the bodies to an ONBUILD trigger, as BuildKit stores it', () => {
    const model = buildModel('FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\n');
    assert.deepEqual(model.stages[0].config.OnBuild, ['RUN <<EOF\necho hi\nEOF']);
  });

  it('reads body lines as instructions for the classic builder, as a parser without heredocs does', () => {
    const model = buildModel('FROM a\nRUN <<EOF\necho hi\nEOF\n', { builder: 'classic' });
    const messages = model.problems.map((p) => p.message);
    assert.ok(messages.includes('unknown instruction: ECHO'), JSON.stringify(messages));
    assert.ok(messages.includes('unknown instruction: EOF'));
    assert.ok(messages.some((m) => m.startsWith('RUN <<EOF: heredocs need BuildKit')));
  });
});

describe('heredocs in the BuildKit rebuild plan', () => {
  const plan = (text: string, changedArgs: string[], changedPaths: string[] = []) => {
    const model = buildModel(text, { buildArgs: { V: '2' } });
    const result = rebuildPlan(model, findTarget(model)!, { changedArgs, changedPaths });
    return (line: number) => [...result.steps].find(([i]) => i.range.start.line + 1 === line)![1];
  };

  it('misses at a COPY whose inline file expands a changed build arg, not at one whose name is quoted', () => {
    const at = plan('FROM a\nARG V\nCOPY <<"RAW" /raw\n$V\nRAW\nCOPY <<EOF /conf\nv=$V\nEOF\n', ['V']);
    assert.deepEqual(at(3), { rebuild: false });
    assert.match(at(6).reason!, /changes its sources, destination, --chown or inline content/);
  });

  it('keys a RUN heredoc on its text and environment only: context files never reach it', () => {
    const at = plan('FROM a\nRUN <<EOF\ncat notes.txt\nEOF\nARG V\nRUN <<EOF\necho\nEOF\n', [], ['notes.txt']);
    assert.deepEqual(at(2), { rebuild: false });
    const withArg = plan('FROM a\nRUN <<EOF\necho\nEOF\nARG V\nRUN <<EOF\necho\nEOF\n', ['V']);
    assert.deepEqual(withArg(2), { rebuild: false });
    assert.match(withArg(6).reason!, /its environment changes \(V\)/);
  });
});
