// The shell scanning the rules rely on: which `$NAME`s a shell expands, which names a command
// assigns itself, and how a command line splits into simple commands.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shellAssignedNames, shellReferences } from '../../../src/dockerfile/rules/shellVariables';
import { operands, simpleCommands } from '../../../src/dockerfile/rules/shellCommands';

describe('shellReferences', () => {
  it('plain, braced, and modified references with offsets', () => {
    const text = 'echo $A "${B}" ${C:-x} ${#D} $1 $$ $@';
    const refs = shellReferences(text);
    assert.deepEqual(refs.map((r) => [r.name, text.slice(r.start, r.end), r.hasDefault]), [
      ['A', '$A', false], ['B', '${B}', false], ['C', '${C:-x}', true], ['D', '${#D}', false],
    ]);
  });
  it('single quotes and backslashes stop expansion; a quote inside double quotes does not', () => {
    assert.deepEqual(shellReferences(`echo '$A' \\$B "it's $C"`).map((r) => r.name), ['C']);
  });
});

describe('shellAssignedNames', () => {
  it('assignments, export, for and read', () => {
    assert.deepEqual([...shellAssignedNames('A=1; export B=2 && for C in x; do read -r D E; done')].sort(), ['A', 'B', 'C', 'D', 'E']);
  });
  it('a comparison or an option is not an assignment', () => {
    assert.deepEqual([...shellAssignedNames('test "$A" = 1 && ls --color=auto')], []);
  });
});

describe('simpleCommands', () => {
  it('splits at operators outside quotes and skips wrappers and assignments', () => {
    const commands = simpleCommands('set -e; DEBIAN_FRONTEND=x sudo apt-get -q update && echo "a && b" | tee f || true');
    assert.deepEqual(commands.map((c) => c.words), [['set', '-e'], ['apt-get', '-q', 'update'], ['echo', 'a && b'], ['tee', 'f'], ['true']]);
    assert.deepEqual(operands(commands[1]), ['apt-get', 'update']);
  });
  it('the bodies of if/then and loops are commands too', () => {
    assert.deepEqual(simpleCommands('if ! which gpg; then apt-get install -y gnupg; fi').map((c) => c.words[0]), ['which', 'apt-get', 'fi']);
  });
});
