// Bundles the extension and the CLI with esbuild (separately: the CLI must never load `vscode`).
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { lazyRequires } from './lib/lazy-requires.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // ssh2 (under dockerode) tries optional native add-ons inside try/catch and falls back to
  // JavaScript crypto; they are never shipped, so leave the requires unresolved.
  external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
  plugins: [lazyRequires],
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: [...common.external, 'vscode'] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The editor's lint runs on this worker thread (src/language/lintWorkerClient.ts loads it by path).
  { ...common, entryPoints: ['src/workers/lintWorker.ts'], outfile: 'dist/lintWorker.js' },
  // Tokens, hints, folding, highlights, hovers, completion... (src/language/languageAnalysis.ts loads it by path).
  { ...common, entryPoints: ['src/workers/languageWorker.ts'], outfile: 'dist/languageWorker.js' },
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log('layerwise: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
