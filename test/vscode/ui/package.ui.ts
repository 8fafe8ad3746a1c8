// The .vsix a user installs: packaged the way `npm run package` does it, installed into a real
// VS Code (code-server's --install-extension, into a fresh extensions folder), and listed back.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('The packaged extension (.vsix)', function () {
  this.timeout(300_000); // a hang guard: each step waits for its own outcome
  const work = mkdtempSync(join(tmpdir(), 'layerwise-vsix-'));
  const vsix = join(work, 'layerwise.vsix');
  const extensionsDir = join(work, 'extensions');

  after(() => rmSync(work, { recursive: true, force: true }));

  it('packages with the bundles and without node_modules', () => {
    // --production: the same bundle the package script ships (minified, no source maps).
    run(process.execPath, ['scripts/build.mjs', '--production']);
    run(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix]);
    const listing = run(join(root, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies']);
    assert.match(listing, /^dist\/extension\.js$/m);
    assert.match(listing, /^dist\/cli\.js$/m);
    assert.doesNotMatch(listing, /node_modules|^src\/|^test\//m);
  });

  it('installs into a real VS Code and is listed with its version', () => {
    const codeServer = run('bash', ['scripts/ensure-code-server.sh']).trim();
    const entry = join(codeServer, 'out/node/entry.js');
    const state = join(work, 'state');
    const env = ['--user-data-dir', join(state, 'user-data'), '--extensions-dir', extensionsDir];
    run(process.execPath, [entry, ...env, '--install-extension', vsix]);
    const listed = run(process.execPath, [entry, ...env, '--list-extensions', '--show-versions']);
    assert.match(listed, new RegExp(`^${manifest.publisher}\\.${manifest.name}@${manifest.version.replace(/\./g, '\\.')}$`, 'm'));
    const installed = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    // The extension loads its workers by path: a package without them has no diagnostics, tokens or hovers.
    for (const bundle of ['dist/extension.js', 'dist/lintWorker.js', 'dist/languageWorker.js']) assert.ok(existsSync(join(installed, bundle)), `no ${bundle} under ${installed}`);
  });

  after(() => {
    // Leave the development build in place for the other tests (source maps, not minified).
    spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
  });
});
