// The linter's public shapes. Ranges are 0-based (line and character), like the build model and LSP;
// the CLI converts them to 1-based lines and columns.
import type { Range } from '..';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit { range: Range; newText: string }

/** A quick fix: applying every edit (non-overlapping) repairs the finding. */
export interface Fix { title: string; edits: TextEdit[] }

export interface Finding {
  /** The rule's name (BuildKit's build-check name where BuildKit has the rule). */
  rule: string;
  severity: Severity;
  range: Range;
  message: string;
  fix?: Fix;
  /**
   * Ways to turn the rule off for this finding without changing what is built: `# check=skip=Rule`
   * for this instruction, or for the whole file (BuildKit's controls). Not offered where the
   * builder fails anyway (an error).
   */
  suppressions?: Fix[];
  /** How an editor may render it: faded (unused code) or struck through (deprecated). */
  tags?: Array<'unnecessary' | 'deprecated'>;
}

export interface LintOptions {
  /** `--build-arg` values; `undefined` for a name given without a value. */
  buildArgs?: Record<string, string | undefined>;
  /**
   * The build context: its directory and, optionally, the files in it (relative, `/`-separated)
   * and the text of its .dockerignore.
   */
  context?: { dir: string; files?: string[]; dockerignore?: string };
  /** Base image configs, when the caller (the CLI, the editor) could ask an engine. */
  baseImages?: import('..').BaseImageResolver;
}

/** What every rule declares about itself. */
export interface RuleInfo {
  name: string;
  /** One sentence: what the rule looks for. */
  description: string;
  defaultSeverity: Severity;
  /** The rule's page, relative to the project root (docs/rules/<Name>.md). */
  docs: string;
  /** BuildKit's page for the same check, when BuildKit has it. */
  buildkitUrl?: string;
  /** Off unless enabled with `# check=experimental=<Rule>` (or `all`), as in BuildKit. */
  experimental?: boolean;
}
