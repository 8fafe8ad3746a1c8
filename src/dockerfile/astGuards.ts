// A guard around a dockerfile-ast 0.7.1 defect (the newest release): Dockerfile.getContainingImage
// returns the Dockerfile itself for a position outside every image's range, and resolveVariable
// then calls itself forever on it ("Maximum call stack size exceeded"). It happens whenever a line
// with a variable starts before its image's first instruction does: an indented instruction ahead
// of the first FROM (`\tRUN echo $X`), seen by fuzzing. dockerfile-utils' validate goes through
// it, so one such keystroke made lint throw. Here a position outside every range belongs to the
// last image that starts at or before its line (the instructions before the first FROM, if none),
// which is what the library means. A second defect: Instruction.getHeredocs reads past its list of
// heredoc openers on a name that itself holds `<<` (`RUN <<-"X<<" bash`) and throws a TypeError;
// there it now gives the heredocs it could read (none). Applied once, when first loaded.
import { DockerfileParser } from 'dockerfile-ast';

interface Ranged { getRange(): { start: { line: number } } }
interface DockerfileInternals {
  initialInstructions: Ranged;
  buildStages: Ranged[];
  getContainingImage(position: { line: number; character: number }): unknown;
}

const prototype = Object.getPrototypeOf(DockerfileParser.parse('')) as DockerfileInternals & { layerwiseGuarded?: true };
if (!prototype.layerwiseGuarded) {
  const original = prototype.getContainingImage;
  prototype.getContainingImage = function (this: DockerfileInternals, position) {
    const image = original.call(this, position);
    if (image !== this) return image;
    let owner: Ranged = this.initialInstructions;
    for (const stage of this.buildStages) if (stage.getRange().start.line <= position.line) owner = stage;
    return owner;
  };
  prototype.layerwiseGuarded = true;

  // The class that defines getHeredocs, found from a parsed RUN (Run -> ... -> Instruction).
  let owner = Object.getPrototypeOf(DockerfileParser.parse('RUN x').getInstructions()[0]) as Record<string, unknown> | null;
  while (owner && !(Object.prototype.hasOwnProperty.call(owner, 'getHeredocs') && !Object.prototype.hasOwnProperty.call(Object.getPrototypeOf(owner) ?? {}, 'getHeredocs'))) owner = Object.getPrototypeOf(owner) as Record<string, unknown> | null;
  if (owner) {
    const readHeredocs = owner.getHeredocs as (this: unknown) => unknown[];
    owner.getHeredocs = function (this: unknown) {
      try {
        return readHeredocs.call(this);
      } catch (error) {
        if (error instanceof TypeError) return [];
        throw error;
      }
    };
  }
}

export {};
