// Layer-cache insight: what a rebuild after given changes runs again. Pure (no engine, no vscode).
export { rebuildPlan, RebuildOptions, RebuildPlan, StepRebuild } from './plan';
export { DockerignoreError, DockerignoreMatcher, dockerignoreProblems, parseDockerignore } from './dockerignore';
export { normalizeContextPath, sourceMatcher, SourceMatcher } from './contextSources';
export { parseCopyInstruction, CopyInstruction } from './copyInstruction';
