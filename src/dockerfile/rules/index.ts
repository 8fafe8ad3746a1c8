// Layerwise's Dockerfile linter: `lint` (Layerwise's rules) and `lintAll` (plus dockerfile-utils'
// syntax validation under the same rule names), for the editor and `layerwise lint`.
export * from './types';
export { lint } from './lint';
export { lintAll, lintWithLibrary } from './lintAll';
export { ALL_RULES } from './allRules';
export type { Rule } from './rule';
export { allRuleInfos, ruleInfo } from './ruleInfo';
export { knownBaseImages, lintAllWithBaseImages } from './lintWithBaseImages';
