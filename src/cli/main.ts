/** Parses argv and dispatches to a subcommand; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  process.stderr.write(`layerwise: unknown command '${command ?? ''}'. Usage: layerwise lint|explain [options] FILE...\n`);
  return 2;
}
