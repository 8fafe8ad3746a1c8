// MissingDockerignore: a COPY/ADD of the whole build context (`COPY . .`) while the context has no
// .dockerignore. Everything is sent to the builder and copied: .git, node_modules, build output,
// local .env files; and any change to any of them invalidates the COPY and every step after it.
// Only checked when the caller says what the context holds (`--context DIR` / the workspace).
import { copyArguments } from './copySources';
import { defineRule, RuleFinding } from './rule';

const WHOLE_CONTEXT = new Set(['.', './', '*', '/', './*']);

export const missingDockerignore = defineRule({
  name: 'MissingDockerignore',
  description: 'Copying the whole build context without a .dockerignore',
  defaultSeverity: 'warning',
}, (context) => {
  const files = context.options.context?.files;
  if (!files || files.some((f) => f === '.dockerignore' || (!f.includes('/') && f.endsWith('.dockerignore')))) return [];
  for (const { instruction } of context.stageInstructions()) {
    const copy = copyArguments(context, instruction);
    if (!copy?.fromContext || !copy.sources.some((s) => WHOLE_CONTEXT.has(s))) continue;
    const finding: RuleFinding = {
      range: instruction.range,
      message: `${instruction.keyword} copies the whole build context, which has no .dockerignore: .git, dependency folders, build output and local secrets (.env) go into the image, and a change to any of them invalidates this step and all after it. Add a .dockerignore`,
    };
    return [finding]; // once per file: one .dockerignore fixes them all
  }
  return [];
});
