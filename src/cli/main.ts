// Parses argv and dispatches to a subcommand; returns the process exit code (see docs/cli.md).
import { EXPLAIN_USAGE, explainCommand, Output } from './explainCommand';
import { UsageError } from './usageError';
import { runLint } from './lintCommand';

const USAGE = `Usage: layerwise <command> [options]

Commands:
  explain   what the builder computes for a Dockerfile: variables per step, the image config
  lint      check Dockerfiles: the builder's rules and Layerwise's (docs/rules)

${EXPLAIN_USAGE}
`;

const stdio: Output = {
  stdout: (text) => { process.stdout.write(text); },
  stderr: (text) => { process.stderr.write(text); },
};

export async function main(argv: string[], out: Output = stdio): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'explain':
        if (rest.includes('--help') || rest.includes('-h')) { out.stdout(`${EXPLAIN_USAGE}\n`); return 0; }
        return await explainCommand(rest, out);
      case 'lint':
        return await runLint(rest, out);
      case 'help': case '--help': case '-h':
        out.stdout(USAGE);
        return 0;
      default:
        out.stderr(`layerwise: ${command === undefined ? 'no command given' : `unknown command '${command}'`}\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`layerwise ${command}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
