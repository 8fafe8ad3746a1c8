// Every Layerwise rule, in the order the linter runs them (the findings are sorted afterwards).
import { argUsedAtRuntime } from './argUsedAtRuntime';
import { consistentInstructionCasing, duplicateStageName, fromPlatformFlagConstDisallowed, multipleInstructionsDisallowed, noEmptyContinuation, workdirRelativePath } from './buildkitStructure';
import { cacheBustingCopyBeforeInstall } from './cacheBustingCopyBeforeInstall';
import { copyFromUnknownStage } from './copyFromUnknownStage';
import { copyIgnoredFile } from './copyIgnoredFile';
import { earlyVolatileArg } from './earlyVolatileArg';
import { expansionError } from './expansionError';
import { exposeInvalidFormat } from './exposeInvalidFormat';
import { exposeInvalidPort } from './exposeInvalidPort';
import { exposeProtoCasing } from './exposeProtoCasing';
import { invalidDockerignorePattern } from './invalidDockerignorePattern';
import { invalidDefaultArgInFrom } from './invalidDefaultArgInFrom';
import { invalidDefinitionDescription } from './invalidDefinitionDescription';
import { jsonArgsRecommended } from './jsonArgsRecommended';
import { legacyKeyValueFormat } from './legacyKeyValueFormat';
import { maintainerDeprecated } from './maintainerDeprecated';
import { missingDockerignore } from './missingDockerignore';
import { packageManagerCache } from './packageManagerCache';
import type { Rule } from './rule';
import { redundantTargetPlatform } from './redundantTargetPlatform';
import { sameInstructionEnvRef } from './sameInstructionEnvRef';
import { secretsUsedInArgOrEnv } from './secretsUsedInArgOrEnv';
import { fromAsCasing } from './fromAsCasing';
import { reservedStageName } from './reservedStageName';
import { stageNameCasing } from './stageNameCasing';
import { undefinedArgInFrom } from './undefinedArgInFrom';
import { undefinedVar } from './undefinedVar';
import { unusedArg } from './unusedArg';
import { unusedBuildArg } from './unusedBuildArg';
import { updateWithoutInstall } from './updateWithoutInstall';

export const ALL_RULES: readonly Rule[] = [
  // ARG/ENV
  expansionError, undefinedVar, argUsedAtRuntime, undefinedArgInFrom, invalidDefaultArgInFrom, sameInstructionEnvRef,
  secretsUsedInArgOrEnv, legacyKeyValueFormat, redundantTargetPlatform, unusedBuildArg, unusedArg,
  // Layer cache
  updateWithoutInstall, cacheBustingCopyBeforeInstall, earlyVolatileArg, missingDockerignore, invalidDockerignorePattern, copyIgnoredFile, packageManagerCache,
  // Structure
  maintainerDeprecated, noEmptyContinuation, duplicateStageName, multipleInstructionsDisallowed, consistentInstructionCasing,
  workdirRelativePath, fromPlatformFlagConstDisallowed, stageNameCasing, fromAsCasing, reservedStageName, jsonArgsRecommended, invalidDefinitionDescription, exposeProtoCasing, exposeInvalidFormat, exposeInvalidPort, copyFromUnknownStage,
];
