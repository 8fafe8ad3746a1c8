// Look-ups over a build model for editor features (hovers, inlay hints, diagnostics).
import type { BuildModel, InstructionModel, Position, StageModel, VariableReference } from './types';

function contains(i: InstructionModel, line: number): boolean {
  return i.range.start.line <= line && line <= i.range.end.line;
}

/** The instruction written at a 0-based line (not an ONBUILD trigger run elsewhere). */
export function instructionAtLine(model: BuildModel, line: number): { instruction: InstructionModel; stage?: StageModel } | undefined {
  for (const instruction of model.globalArgs) if (contains(instruction, line)) return { instruction };
  for (const stage of model.stages) {
    if (stage.fromRange.start.line > line) break;
    for (const instruction of stage.instructions) {
      if (!instruction.onbuildTrigger && contains(instruction, line)) return { instruction, stage };
    }
  }
  return undefined;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** The variable reference under a position, if the builder expands one there. */
export function referenceAt(model: BuildModel, position: Position): VariableReference | undefined {
  const found = instructionAtLine(model, position.line);
  return found?.instruction.references.find((r) => before(r.range.start, position) && before(position, r.range.end));
}
