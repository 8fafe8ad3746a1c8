// UnusedBuildArg: a build arg given (--build-arg, or the editor's settings) that no ARG in the
// Dockerfile declares and that is not a predefined proxy arg. The build ignores it, and the
// engine warns "One or more build-args were not consumed": usually a typo or a stale setting.
import { defineRule, RuleFinding } from './rule';
import { argNames } from './scopeFacts';
import { closestName } from './suggest';

export const unusedBuildArg = defineRule({
  name: 'UnusedBuildArg',
  description: 'A build arg is given that no ARG declares',
  defaultSeverity: 'warning',
}, (context) => {
  const declared = argNames(context.model);
  const first = context.model.globalArgs[0]?.range ?? context.model.stages[0]?.fromRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  // BUILDKIT_DOCKERFILE_CHECK, BUILDKIT_INLINE_CACHE...: options for BuildKit's frontend, not ARGs.
  return context.model.unusedBuildArgs.filter((name) => !name.startsWith('BUILDKIT_')).map((name): RuleFinding => {
    const suggestion = closestName(name, declared);
    return {
      range: first,
      message: `Build arg '${name}' is given but no ARG declares it, so the build ignores it${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
    };
  });
});
