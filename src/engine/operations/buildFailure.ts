// Why a build failed, said the way a user can act on it: which line, what the step printed last,
// and for a base image that cannot be pulled what is most likely wrong. Read from a BuildReport
// of either builder; the notification and the Problems panel both show this. No `vscode` import.
import { buildModel, Range } from '../../dockerfile';
import type { BuildReport } from './buildReport';
import type { InstructionResult } from './buildOutcomes';
import { metadataImage } from './buildkitSteps';

export interface BuildFailure {
  /** One sentence: `line 4 (RUN npm ci): exit code 127`, `cannot pull node:20-slim: ...`. */
  readonly headline: string;
  /** The headline without the line it names: `exit code 127`, for a message already on that line. */
  readonly cause: string;
  /** The failing instruction in the text that was built (0-based), when the failure has a line. */
  readonly range?: Range;
  /** The last lines the failing step printed, without terminal escape codes. */
  readonly logTail: readonly string[];
  /** The builder's own words. */
  readonly reason: string;
}

const UNREACHABLE = /dial tcp|no such host|connection refused|i\/o timeout|network is unreachable|no route to host|TLS handshake timeout|server misbehaving|Client\.Timeout|connection reset/i;
const DENIED = /pull access denied|unauthorized|no basic auth credentials|authentication required|requested access to the resource is denied|may require 'docker login'|insufficient_scope/i;
const MISSING = /not found|manifest unknown|does not exist|no such image/i;

/** What is most likely wrong when `image` could not be pulled, from the engine's message; undefined when the message is not about a pull. */
export function pullProblem(image: string, message: string): string | undefined {
  if (UNREACHABLE.test(message)) return `cannot pull ${image}: the registry is unreachable — is the network up? is the image local?`;
  if (DENIED.test(message)) return `cannot pull ${image}: the registry refused it — the image does not exist there, or it needs a login (docker login)`;
  if (MISSING.test(message)) return `cannot pull ${image}: the registry has no such image — check the name and the tag`;
  return undefined;
}

/** `docker.io/library/node:20-slim` → `node:20-slim`, as the user wrote it most likely. */
export function familiarImageName(reference: string): string {
  return reference.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}

/** `exit code 127` out of either builder's wording of a RUN that failed; else the reason as it is. */
export function shortReason(reason: string): string {
  const code = /(?:exit code: |returned a non-zero code: )(\d+)\s*$/.exec(reason);
  return code ? `exit code ${code[1]}` : reason;
}

/** The instruction's first line as written, shortened for a sentence. */
function instructionText(text: string, range: Range): string {
  const line = (text.split(/\r?\n/)[range.start.line] ?? '').trim().replace(/\s*\\$/, '');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** The base image a FROM line names, expanded with the global ARGs as the builder does it. */
function baseImageAt(text: string, line: number): string | undefined {
  try {
    return buildModel(text).stages.find((s) => s.fromRange.start.line === line)?.baseName;
  } catch {
    return undefined;
  }
}

/** The failure a report tells, or undefined when the build did not fail. */
export function describeFailure(report: BuildReport): BuildFailure | undefined {
  if (report.status !== 'failed') return undefined;
  const reason = report.error ?? report.results.find((r) => r.outcome === 'failed' && r.error)?.error ?? 'the build failed';
  const failed: InstructionResult | undefined = report.results.find((r) => r.outcome === 'failed' && r.range) ?? report.results.find((r) => r.outcome === 'failed');
  const logTail = failed?.logTail ?? [];
  if (failed?.range) {
    const isFrom = /^\s*FROM\b/i.test(report.text.split(/\r?\n/)[failed.range.start.line] ?? '');
    if (isFrom) {
      const named = failed.step ? metadataImage(failed.step.replace(/^#\d+ /, '')) : undefined;
      const image = familiarImageName(named ?? baseImageAt(report.text, failed.range.start.line) ?? instructionText(report.text, failed.range).replace(/^FROM\s+/i, ''));
      const pull = pullProblem(image, failed.error ?? reason);
      if (pull) return { headline: pull, cause: pull, range: failed.range, logTail, reason };
    }
    const cause = shortReason(failed.error ?? reason);
    return { headline: `line ${failed.range.start.line + 1} (${instructionText(report.text, failed.range)}): ${cause}`, cause, range: failed.range, logTail, reason };
  }
  // No step to blame: a Dockerfile the frontend could not read says which line.
  const parse = /Dockerfile parse error (?:on )?line (\d+): (.*)$/i.exec(reason);
  if (parse) {
    const line = Number(parse[1]) - 1;
    const text = report.text.split(/\r?\n/)[line] ?? '';
    return { headline: `line ${line + 1}: ${parse[2]}`, cause: parse[2]!, range: { start: { line, character: 0 }, end: { line, character: text.length } }, logTail, reason };
  }
  return { headline: reason, cause: reason, logTail, reason };
}
