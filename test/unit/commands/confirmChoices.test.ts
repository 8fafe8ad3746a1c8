// The buttons of a destructive confirmation: in a VS Code modal the first item is the focused,
// primary button (Enter), and VS Code adds Cancel itself. One object: the action is the default.
// Several: the default shows the list, so Enter never removes a batch. (The VS Code tier checks
// that the commands pass every object they would remove, see test/vscode/commands.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confirmChoices, SHOW_LIST } from '../../../src/commands/confirmChoices';

describe('confirmation buttons', () => {
  it('makes the action the default only for one object', () => {
    assert.deepEqual(confirmChoices('Remove', 1), [{ title: 'Remove', outcome: 'act' }]);
    assert.deepEqual(confirmChoices('Remove', 0), [{ title: 'Remove', outcome: 'act' }]);
  });

  it('puts a harmless Show List first for several objects, the action second', () => {
    const choices = confirmChoices('Remove 271 Containers', 271);
    assert.equal(choices[0]!.title, SHOW_LIST);
    assert.equal(choices[0]!.outcome, 'list');
    assert.deepEqual(choices[1], { title: 'Remove 271 Containers', outcome: 'act' });
    assert.equal(choices.length, 2, 'VS Code adds Cancel (the close affordance) itself');
  });
});
