// The `layerwise` CLI: the Dockerfile analysis for terminals and CI (see docs/cli.md).
import { main } from './cli/main';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`layerwise: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
