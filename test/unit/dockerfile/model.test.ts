// What the engine cannot show: positions and ranges, scopes with their definitions, unknown base
// images, the escape directive's effect on ranges, and malformed input that must not throw.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, explain, findTarget, neededStages, processWords } from '../../../src/dockerfile';
import type { BuildModel, InstructionModel, Range } from '../../../src/dockerfile';

const at = (line: number, character: number, endLine: number, endCharacter: number): Range =>
  ({ start: { line, character }, end: { line: endLine, character: endCharacter } });

function instruction(model: BuildModel, stage: number, index: number): InstructionModel {
  return model.stages[stage].instructions[index];
}

describe('build model: positions', () => {
  it('gives each variable reference its range and name range, across continuation lines', () => {
    const text = 'FROM busybox:local\nARG A=1\nENV B=$A \\\n    C=${A:-x}\n';
    const env = instruction(buildModel(text), 0, 2);
    assert.equal(env.keyword, 'ENV');
    assert.deepEqual(env.range, at(2, 0, 3, 13));
    assert.deepEqual(env.references.map((r) => [r.name, r.range, r.nameRange, r.modifier, r.defined]), [
      ['A', at(2, 6, 2, 8), at(2, 7, 2, 8), undefined, true],
      ['A', at(3, 6, 3, 13), at(3, 8, 3, 9), '-', true],
    ]);
  });

  it('records where each variable in scope was defined, and what kind it is (classic builder)', () => {
    const text = 'ARG G=g\nFROM busybox:local\nARG G\nARG L=l\nENV E=e\nRUN true\n';
    const model = buildModel(text, { builder: 'classic', buildArgs: { L: 'given', HTTP_PROXY: 'p' } });
    const run = instruction(model, 0, 4);
    assert.equal(run.keyword, 'RUN');
    const scope = Object.fromEntries([...run.scope.values()].map((v) => [v.name, [v.value, v.source, v.definedAt?.start.line]]));
    assert.deepEqual(scope, {
      PATH: ['/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'default-path', undefined],
      E: ['e', 'env', 4],
      G: ['g', 'global-arg', 2],
      L: ['given', 'build-arg', 3],
      HTTP_PROXY: ['p', 'predefined-arg', undefined],
    });
    assert.deepEqual(run.runEnv, { PATH: scope.PATH[0], E: 'e', G: 'g', L: 'given', HTTP_PROXY: 'p' });
  });

  it('records the same for BuildKit, in its order, with proxies only in the RUN environment', () => {
    const text = 'ARG G=g\nFROM busybox:local\nARG G\nARG L=l\nENV E=e\nRUN true\n';
    const model = buildModel(text, { buildArgs: { L: 'given', HTTP_PROXY: 'p' } });
    assert.equal(model.builder, 'buildkit');
    const run = instruction(model, 0, 4);
    const scope = [...run.scope.values()].map((v) => [v.name, v.value, v.source, v.definedAt?.start.line]);
    assert.deepEqual(scope, [
      ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'default-path', undefined],
      ['G', 'g', 'global-arg', 2],
      ['L', 'given', 'build-arg', 3],
      ['E', 'e', 'env', 4],
    ]);
    assert.deepEqual(run.runEnv, { PATH: scope[0][1], G: 'g', L: 'given', E: 'e', HTTP_PROXY: 'p', http_proxy: 'p' });
  });

  it('links a reference to the definition it resolved to, and marks undefined ones', () => {
    const model = buildModel('FROM busybox:local\nENV A=1\nLABEL x=$A y=$NOPE z=$1\n');
    const refs = instruction(model, 0, 2).references;
    assert.deepEqual(refs[0].resolvedTo?.definedAt, at(1, 0, 1, 7));
    assert.equal(refs[1].defined, false);
    assert.equal(refs[1].resolvedTo, undefined);
    assert.equal(refs[2].special, true);
  });

  it('says which instructions the builder expands, and records no references for the others', () => {
    const model = buildModel('FROM busybox:local\nENV A=1\nRUN echo $A\nCMD echo $A\nWORKDIR /$A\n');
    const [, env, run, cmd, workdir] = model.stages[0].instructions;
    assert.deepEqual([env.expands, run.expands, cmd.expands, workdir.expands], [true, false, false, true]);
    assert.deepEqual(run.references, []);
    assert.equal(workdir.references.length, 1);
  });

  it('ranges a FROM stage name and an ONBUILD trigger run at a FROM', () => {
    const text = 'FROM busybox:local AS Parent\nONBUILD ENV T=$X\nENV X=1\nFROM parent\n';
    const model = buildModel(text);
    assert.equal(model.stages[0].name, 'parent');
    assert.deepEqual(model.stages[0].nameRange, at(0, 22, 0, 28));
    assert.equal(model.stages[1].baseStage, 0);
    const trigger = instruction(model, 1, 1);
    assert.equal(trigger.onbuildTrigger, true);
    assert.deepEqual(trigger.range, at(3, 0, 3, 11));
    assert.ok(model.stages[1].config.Env.includes('T=1'));
  });
});

describe('build model: the escape directive', () => {
  it('uses the backtick for continuations and escapes, and keeps ranges right', () => {
    const text = '# escape=`\nFROM busybox:local\nENV P=C:\\dir Q=`$P `\n  R=$P\n';
    const model = buildModel(text);
    assert.equal(model.escapeChar, '`');
    const env = instruction(model, 0, 1);
    assert.ok(model.stages[0].config.Env.includes('P=C:\\dir'));
    assert.ok(model.stages[0].config.Env.includes('Q=$P'));
    assert.ok(model.stages[0].config.Env.includes('R='), 'same-instruction reference reads the old (unset) value');
    assert.deepEqual(env.references.map((r) => [r.name, r.range]), [['P', at(3, 4, 3, 6)]]);
  });
});

describe('build model: base images', () => {
  it('marks a base image unknown when no resolver knows it, and treats its config as empty', () => {
    const model = buildModel('FROM example/unknown:1\nRUN true\n');
    assert.deepEqual(model.stages[0].baseImage, { reference: 'example/unknown:1', known: false });
    assert.deepEqual(model.baseImageReferences, ['example/unknown:1']);
    const result = explain(model, findTarget(model)!);
    assert.equal(result.baseImages[0].known, false);
    assert.ok(result.notes[0].includes('example/unknown:1'));
  });

  it('seeds the stage from a known base config (no default PATH when it has one)', () => {
    const model = buildModel('FROM base\nENV B=$A\nWORKDIR sub\n', {
      baseImages: (ref) => (ref === 'base' ? { Env: ['PATH=/x', 'A=a'], WorkingDir: '/w', Cmd: ['c'], OnBuild: null } : undefined),
    });
    const c = model.stages[0].config;
    assert.deepEqual(c.Env, ['PATH=/x', 'A=a', 'B=a']);
    assert.equal(c.WorkingDir, '/w/sub');
    assert.deepEqual(c.Cmd, ['c']);
    assert.equal(instruction(model, 0, 1).scope.get('A')?.source, 'base-image');
  });

  it('does not look stages, scratch, or FROM through global ARGs up as images', () => {
    const asked: string[] = [];
    buildModel('ARG IMG=real:1\nFROM ${IMG} AS a\nFROM a\nFROM scratch\n', { baseImages: (ref) => { asked.push(ref); return undefined; } });
    assert.deepEqual(asked, ['real:1']);
  });
});

describe('build model: stages needed by a target', () => {
  it('follows FROM and COPY --from (by name or index), case-insensitively', () => {
    const text = 'FROM busybox:local AS one\nFROM busybox:local AS two\nFROM busybox:local AS three\nCOPY --from=0 / /\nFROM TWO AS four\nCOPY --from=Three / /\n';
    const model = buildModel(text);
    assert.deepEqual(neededStages(model, findTarget(model, 'FOUR')!).map((s) => s.name), ['one', 'two', 'three', 'four']);
    assert.deepEqual(neededStages(model, findTarget(model, 'three')!).map((s) => s.name), ['one', 'three']);
    assert.equal(findTarget(model, 'nope'), undefined);
  });
});

describe('build model: malformed input never throws', () => {
  const cases: Record<string, string> = {
    empty: '',
    'only comments': '# hello\n# escape=`\n',
    'no FROM': 'RUN true\nENV A=1\n',
    'FROM without image': 'FROM\nRUN true\n',
    'FROM with two words': 'FROM a b\n',
    'unknown instruction': 'FROM a\nFOO bar\n',
    'bad substitution': 'FROM a\nENV A=${\nENV B=${}\nENV C=${A\nENV D=${A:}\n',
    'unterminated quotes': 'FROM a\nENV A="x\nLABEL b=\'y\n',
    'bad JSON': 'FROM a\nCMD ["a", 1]\nENTRYPOINT [\nSHELL sh -c\nVOLUME ["x"\n',
    'empty arguments': 'FROM a\nENV\nARG\nLABEL\nWORKDIR\nUSER\nEXPOSE\nVOLUME\nCOPY\nSTOPSIGNAL\nONBUILD\nRUN\nCMD\nSHELL\n',
    'bad ports and signals': 'FROM a\nEXPOSE 99999 1-0 x/tcp 80/foo\nSTOPSIGNAL NOPE\n',
    heredoc: 'FROM a\nRUN <<EOF\necho hi\nEOF\n',
    'continuation at end of file': 'FROM a\nRUN echo \\',
    'ONBUILD chains': 'FROM a AS x\nONBUILD ONBUILD RUN x\nONBUILD FROM y\nFROM x\n',
    'duplicate and invalid stage names': 'FROM a AS x\nFROM a AS x\nFROM a AS 1bad\n',
    'CRLF and BOM': '\ufeffFROM a\r\nENV A=1 \\\r\n  B=2\r\n',
    'astral characters': 'FROM a\nENV \u{1F600}=x A=$\u{1F600}\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => {
      const model = buildModel(text, { buildArgs: { A: 'x', B: undefined } });
      for (const s of model.stages) if (model.stages.length) explain(model, s);
    });
  }

  it('reports the builder\'s problems with ranges', () => {
    const model = buildModel('FROM a\nENV A=${B:=x}\nRUN true\n');
    assert.deepEqual(model.problems.map((p) => [p.severity, p.message, p.range]), [
      // `${B-x}` expands with current BuildKit's lexer; `:=` is an error in every lexer.
      ['error', 'failed to process "${B:=x}": unsupported modifier (:=) in substitution', at(1, 6, 1, 13)],
    ]);
  });

  it('lists build args nothing declares, except the predefined ones', () => {
    const model = buildModel('ARG G\nFROM a\nARG S\n', { buildArgs: { G: '1', S: '2', X: '3', no_proxy: '4' } });
    assert.deepEqual(model.unusedBuildArgs, ['X']);
  });
});

describe('shell lexer: words', () => {
  it('splits on unquoted spaces, including those an expansion produced', () => {
    const lookup = (n: string) => ({ P: '80 443', E: '' } as Record<string, string>)[n];
    assert.deepEqual(processWords('$P "a b" c\\ d $E', '\\', lookup).value, ['80', '443', 'a b', 'c d']);
  });
});

describe('build model: look-ups for the editor', () => {
  it('finds the instruction at a line and the reference under a position', async () => {
    const { instructionAtLine, referenceAt } = await import('../../../src/dockerfile');
    const model = buildModel('ARG G=1\nFROM busybox:local\nENV A=1 \\\n  B=$A\n');
    assert.equal(instructionAtLine(model, 0)?.instruction.keyword, 'ARG');
    assert.equal(instructionAtLine(model, 0)?.stage, undefined);
    assert.equal(instructionAtLine(model, 3)?.instruction.keyword, 'ENV');
    assert.equal(instructionAtLine(model, 3)?.stage?.index, 0);
    assert.equal(referenceAt(model, { line: 3, character: 5 })?.name, 'A');
    assert.equal(referenceAt(model, { line: 3, character: 1 }), undefined);
  });
});
