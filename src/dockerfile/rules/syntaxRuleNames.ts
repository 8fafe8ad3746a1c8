// dockerfile-utils reports numeric validation codes; users know BuildKit's build-check names.
// Where BuildKit has the same rule, the diagnostic carries BuildKit's name so `# check=skip=`
// and documentation searches work the same; the rest keep a readable Layerwise name.
import { ValidationCode } from 'dockerfile-utils';

const names: Partial<Record<ValidationCode, string>> = {
  // Same rule as BuildKit's check of that name.
  [ValidationCode.DEPRECATED_MAINTAINER]: 'MaintainerDeprecated',
  [ValidationCode.EMPTY_CONTINUATION_LINE]: 'NoEmptyContinuation',
  [ValidationCode.WORKDIR_IS_NOT_ABSOLUTE]: 'WorkdirRelativePath',
  [ValidationCode.DUPLICATE_BUILD_STAGE_NAME]: 'DuplicateStageName',
  [ValidationCode.MULTIPLE_INSTRUCTIONS]: 'MultipleInstructionsDisallowed',
  // dockerfile-utils' own checks; BuildKit has none of the same meaning.
  [ValidationCode.CASING_INSTRUCTION]: 'InstructionCasing',
  [ValidationCode.UNKNOWN_INSTRUCTION]: 'UnknownInstruction',
  [ValidationCode.JSON_IN_SINGLE_QUOTES]: 'JSONInSingleQuotes',
  [ValidationCode.NO_SOURCE_IMAGE]: 'NoSourceImage',
  [ValidationCode.INVALID_SYNTAX]: 'InvalidSyntax',
  [ValidationCode.INVALID_PORT]: 'InvalidPort',
  [ValidationCode.BASE_NAME_EMPTY]: 'EmptyBaseName',
};

/** The rule name shown as the diagnostic's code (falls back to a stable "Syntax<N>" name). */
export function ruleNameFor(code: unknown): string {
  if (typeof code === 'number' && names[code as ValidationCode]) return names[code as ValidationCode]!;
  return typeof code === 'number' ? `Syntax${code}` : String(code ?? 'Syntax');
}
