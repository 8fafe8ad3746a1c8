// dockerfile-utils reports numeric validation codes; each check gets a name that says what is
// wrong (BuildKit's name where BuildKit has the same check) and a page in docs/rules, like every
// other rule. Checks Layerwise makes itself in BuildKit's words are dropped from the library's list.
import { ValidationCode } from 'dockerfile-utils';
import type { RuleInfo, Severity } from './types';

/** Checks Layerwise makes itself, as BuildKit does them (its wording, its lines, a fix). */
const OWN: ReadonlySet<number> = new Set([
  ValidationCode.DEPRECATED_MAINTAINER,
  // ExpansionError, with current BuildKit's lexer (the library refuses `${v-w}`, `${v#p}`...).
  ValidationCode.UNSUPPORTED_MODIFIER, ValidationCode.SYNTAX_MISSING_SINGLE_QUOTE, ValidationCode.SYNTAX_MISSING_DOUBLE_QUOTE,
  // BuildKit's checks, in its words and on its lines (./buildkitStructure.ts).
  ValidationCode.EMPTY_CONTINUATION_LINE, ValidationCode.WORKDIR_IS_NOT_ABSOLUTE, ValidationCode.DUPLICATE_BUILD_STAGE_NAME,
  ValidationCode.MULTIPLE_INSTRUCTIONS, ValidationCode.CASING_INSTRUCTION,
]);

const NAMED: Array<[number, string, Severity, string]> = [
  [1, "DirectiveCasing", 'warning', "Parser directives should be written in lowercase letters"],
  [2, "MissingArguments", 'error', "The instruction needs arguments"],
  [3, "ExtraArguments", 'error', "The instruction has more arguments than it takes"],
  [5, "HealthcheckRequiresArguments", 'error', "HEALTHCHECK needs CMD and a command, or NONE"],
  [6, "RequiresTwoArguments", 'error', "ENV and LABEL in the legacy form need a name and a value"],
  [7, "RequiresAtLeastTwoArguments", 'error', "COPY and ADD need at least a source and a destination"],
  [8, "FromArgumentCount", 'error', "FROM takes an image, or an image, AS and a stage name"],
  [9, "UnnecessaryArgument", 'error', "HEALTHCHECK NONE takes no arguments"],
  [12, "InvalidStageName", 'error', "A stage name must start with a letter and contain only letters, digits, '-', '_' and '.'"],
  [13, "FlagValueTooSmall", 'error', "HEALTHCHECK --retries must be at least 1"],
  [14, "DuplicateFlag", 'error', "A flag is given twice"],
  [15, "InvalidDuration", 'error', "A HEALTHCHECK duration flag is not a duration"],
  [16, "DurationTooShort", 'error', "A HEALTHCHECK duration must be at least 1ms"],
  [17, "DurationMissingUnit", 'error', "A HEALTHCHECK duration needs a unit (s, m, h...)"],
  [18, "FlagMissingValue", 'error', "A flag that takes a value has none"],
  [19, "DurationUnknownUnit", 'error', "A HEALTHCHECK duration has a unit Go does not know"],
  [20, "NoSourceImage", 'error', "A Dockerfile must start with FROM (after global ARGs)"],
  [21, "InvalidEscapeDirective", 'error', "The escape directive must be a backslash or a backtick"],
  [22, "InvalidAsKeyword", 'error', "The second word of a three-word FROM must be AS"],
  [23, "CopyDestinationNotDirectory", 'error', "Several sources need a destination that ends in /"],
  [24, "InvalidPort", 'error', "EXPOSE needs a port number or range"],
  [25, "InvalidProtocol", 'error', "An EXPOSE protocol must be tcp, udp or sctp"],
  [26, "InvalidReferenceFormat", 'error', "The image reference is not a valid name[:tag][@digest]"],
  [27, "InvalidSignal", 'error', "STOPSIGNAL must be a signal name or number"],
  [28, "InvalidSyntax", 'error', "A flag value is not of the form it needs (HEALTHCHECK --retries takes a whole number)"],
  [29, "OnbuildChaining", 'error', "ONBUILD ONBUILD is not allowed"],
  [30, "OnbuildTriggerDisallowed", 'error', "FROM and MAINTAINER cannot be ONBUILD triggers"],
  [31, "ShellNotJSON", 'error', "SHELL takes a JSON array"],
  [32, "ShellRequiresExecutable", 'error', "SHELL needs at least the shell program"],
  [33, "MissingEquals", 'error', "In the name=value form, every pair needs an ="],
  [34, "MissingName", 'error', "A name=value pair has no name"],
  [38, "UnknownInstruction", 'error', "The word is no Dockerfile instruction"],
  [39, "UnknownAddFlag", 'error', "ADD has no such flag"],
  [40, "UnknownCopyFlag", 'error', "COPY has no such flag"],
  [41, "UnknownFromFlag", 'error', "FROM has no such flag"],
  [42, "UnknownHealthcheckFlag", 'error', "HEALTHCHECK has no such flag"],
  [43, "UnknownHealthcheckType", 'error', "HEALTHCHECK takes CMD or NONE"],
  [46, "HealthcheckCmdMissing", 'error', "HEALTHCHECK CMD needs a command"],
  [47, "InvalidFromFlag", 'error', "COPY --from needs a stage name, index or image"],
  [48, "FlagNotBoolean", 'error', "A boolean flag takes true or false"],
  [49, "JSONInSingleQuotes", 'warning', "A JSON array written with single quotes is shell form, not exec form"],
  [51, "EmptyBaseName", 'error', "The FROM image expands to nothing"],
];

/** The named library checks with their pages (for hovers, the Problems panel, SARIF). */
export const SYNTAX_RULES: readonly RuleInfo[] = NAMED.map(([, name, defaultSeverity, description]) => ({ name, description, defaultSeverity, docs: `docs/rules/${name}.md` }));

const names = new Map<number, string>(NAMED.map(([code, name]) => [code, name] as [number, string]));

/**
 * The rule name shown as the diagnostic's code (falls back to a stable "Syntax<N>" name);
 * undefined for a check Layerwise's own rule makes instead.
 */
export function ruleNameFor(code: unknown): string | undefined {
  if (typeof code === 'number' && OWN.has(code)) return undefined;
  if (typeof code === 'number') return names.get(code) ?? `Syntax${code}`;
  return String(code ?? 'Syntax');
}
