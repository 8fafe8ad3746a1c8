// InvalidDefinitionDescription (BuildKit, experimental: off unless `# check=experimental=...`):
// the comment right above a `FROM ... AS name` or an `ARG` is its description (what `docker
// buildx build --call=outline` prints), so it should start with the stage's or an argument's name.
// As BuildKit's source has it (instructions/parse.go validateDefinitionDescription, parser.Parse's
// PrevComment): the comments since the previous instruction, a bare `#` clearing them, the top
// directives not among them; the last one's first space-separated word must be the stage name
// (lower-cased, as BuildKit keeps it) or one of the ARG's keys. A blank line does not clear them
// in BuildKit's parser, whatever its docs say; a bare `#` does.
import { Arg, From } from 'dockerfile-ast';
import { checkControls } from './checkControls';
import { defineRule, RuleFinding } from './rule';

export const invalidDefinitionDescription = defineRule({
  name: 'InvalidDefinitionDescription',
  description: 'Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.',
  defaultSeverity: 'warning',
  buildkit: true,
  experimental: true,
}, (context) => {
  const controls = checkControls(context);
  const findings: RuleFinding[] = [];
  for (const instruction of context.parsed.getInstructions()) {
    let keyword: 'FROM' | 'ARG';
    let keys: string[];
    if (instruction instanceof From) {
      const stage = instruction.getBuildStage();
      if (!stage) continue;
      keyword = 'FROM';
      keys = [stage.toLowerCase()];
    } else if (instruction instanceof Arg) {
      keyword = 'ARG';
      keys = instruction.getProperties().map((p) => p.getName());
    } else continue;
    const range = instruction.getRange();
    const comments = controls.instructionAt(range.start.line)?.comments ?? [];
    if (comments.length === 0 || keys.length === 0) continue;
    if (keys.includes(comments[comments.length - 1].text.split(' ')[0])) continue;
    const example = keys.length > 1 ? '<arg_key>' : keys[0];
    findings.push({ range, message: `Comment for ${keyword} should follow the format: \`# ${example} <description>\`` });
  }
  return findings;
});
