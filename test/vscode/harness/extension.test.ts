// The rig itself: the extension under test is the one from this checkout, and it activates in a
// real VS Code extension host with its views contributed.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const projectRoot = path.resolve(__dirname, '../../../..'); // out/test/vscode/harness -> root
const manifest = require(path.join(projectRoot, 'package.json')) as {
  name: string;
  publisher: string;
  contributes: { views: Record<string, { id: string }[]> };
};
const extensionId = `${manifest.publisher}.${manifest.name}`;

describe('VS Code rig', () => {
  it('loads the extension from this checkout', () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded in this VS Code`);
    assert.equal(path.resolve(extension.extensionPath), projectRoot);
  });

  it('activates the extension without an error', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('opens the Layerwise views (each view id in the manifest resolves to a focus command)', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    const viewIds = manifest.contributes.views.layerwise.map((view) => view.id);
    assert.ok(viewIds.length > 0);
    for (const id of viewIds) {
      assert.ok(commands.has(`${id}.focus`), `no command ${id}.focus: view ${id} is not registered`);
    }
    await vscode.commands.executeCommand(`${viewIds[0]}.focus`);
  });
});
