// package.json's explorer contributions agree with the code: the welcome views come from the
// engine-problem table, the settings from the settings table, and every command a menu, a welcome
// link or the palette names is declared (and, in the VS Code tier, registered).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UNREACHABLE_REASONS } from '../../../src/explorer/engineProblems';
import { applyExplorerContributions } from '../../../src/explorer/manifestContributions';
import { EXPLORER_SETTINGS } from '../../../src/explorer/settings';
import { ENGINE_VIEWS, welcomeEntries } from '../../../src/explorer/welcomeContent';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    viewsWelcome: Array<{ view: string; contents: string; when?: string }>;
    configuration: { properties: Record<string, { enum?: string[]; enumDescriptions?: string[]; default?: unknown; type?: string }> };
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as Manifest;
const explorerCommands = manifest.contributes.commands.filter((c) =>
  /^layerwise\.(refresh|retry|showEngineProblem|useContext|copyId|copyName|containers\.|images\.|volumes\.|networks\.)/.test(c.command),
);

describe('explorer manifest', () => {
  it('is up to date with the code that generates it (see src/explorer/manifestContributions.ts to regenerate)', () => {
    const regenerated = structuredClone(manifest);
    applyExplorerContributions(regenerated as unknown as Parameters<typeof applyExplorerContributions>[0]);
    assert.deepEqual(regenerated, manifest);
  });

  it('has a welcome view for every engine view and every reason the engine can be unreachable', () => {
    const entries = manifest.contributes.viewsWelcome.filter((w) => (ENGINE_VIEWS as readonly string[]).includes(w.view));
    assert.deepEqual(entries, welcomeEntries());
    for (const view of ENGINE_VIEWS) {
      for (const reason of UNREACHABLE_REASONS) {
        const entry = entries.find((w) => w.view === view && w.when?.endsWith(`layerwise.engineProblem == ${reason}`));
        assert.ok(entry, `${view} has no welcome view for ${reason}`);
        assert.match(entry.contents, /\[Retry\]\(command:layerwise\.retry\)/);
      }
    }
  });

  it('declares the settings with their values, descriptions and defaults', () => {
    for (const [name, setting] of Object.entries(EXPLORER_SETTINGS)) {
      const declared = manifest.contributes.configuration.properties[name];
      assert.ok(declared, `${name} is not declared`);
      assert.deepEqual(declared.enum, [...setting.values]);
      assert.equal(declared.enumDescriptions?.length, setting.values.length);
      assert.equal(declared.default, setting.default);
    }
  });

  it('puts every explorer command in the Layerwise category, and declares every command it refers to', () => {
    assert.ok(explorerCommands.length >= 10);
    for (const command of explorerCommands) assert.equal(command.category, 'Layerwise', command.command);
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(declared.has(item.command), `${menu} names undeclared ${item.command}`);
    }
    for (const welcome of manifest.contributes.viewsWelcome) {
      for (const [, command] of welcome.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(declared.has(command!), `welcome links undeclared ${command}`);
    }
  });

  it('hides commands that need a tree node from the palette', () => {
    const palette = manifest.contributes.menus.commandPalette ?? [];
    for (const command of ['layerwise.copyId', 'layerwise.copyName']) {
      assert.equal(palette.find((p) => p.command === command)?.when, 'false', command);
    }
  });

  it('names every prune command as the CLI does, so typing "prune" in the palette finds it', () => {
    const prunes = manifest.contributes.commands.filter((c) => c.command.endsWith('.prune'));
    assert.deepEqual(prunes.map((c) => c.command).sort(), ['layerwise.containers.prune', 'layerwise.images.prune', 'layerwise.volumes.prune']);
    for (const c of prunes) assert.match(c.title, /^Prune /, c.command);
    assert.match(prunes.find((c) => c.command === 'layerwise.containers.prune')!.title, /Remove Stopped/, 'the plain words stay in the title');
  });
});
