// The Dockerfile build model, shared by the language service and the CLI.
// First: the guard around dockerfile-ast's defect, before anything parses.
import './astGuards';
export * from './types';
export { buildModel, EXPANDING_INSTRUCTIONS } from './model';
export { buildModelWithBaseImages, AsyncBaseImageResolver } from './baseImages';
export { explain, findTarget, neededStages, stageLabel, ExplainResult, ExplainStep, ExplainConfig, ExplainProblem } from './explain';
export { PREDEFINED_ARGS } from './buildArgs';
export { DEFAULT_PATH } from './imageConfig';
export { processWord, processWords } from './shellLexer';
export { instructionAtLine, referenceAt } from './query';
export { rebuildPlan, RebuildOptions, RebuildPlan, StepRebuild, DockerignoreError, DockerignoreMatcher, dockerignoreProblems, parseDockerignore } from './cache';
export { Builder, BUILDERS, DEFAULT_BUILDER, DEFAULT_PLATFORM, Platform, isBuilder, formatPlatform, automaticPlatformArgs, platformOfThisMachine } from './builder';
export { Heredoc } from './heredoc';
export { RunMount } from './runMounts';
export { SyntaxDirective } from './directives';
export { overlongLine, LINE_TOO_LONG_MESSAGE, MAX_LINE_BYTES } from './lineLimit';
