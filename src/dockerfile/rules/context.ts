// Everything a rule reads, computed once per lint: the text's lines, the dockerfile-ast parse, the
// build model, and the options the caller gave.
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { buildModel } from '..';
import type { BuildModel, InstructionModel, Range, StageModel } from '..';
import { InstructionText } from './instructionText';
import type { LintOptions } from './types';

export class LintContext {
  readonly lines: string[];
  readonly parsed: Dockerfile;
  readonly model: BuildModel;
  private readonly texts = new Map<InstructionModel, InstructionText>();
  private lineStarts?: number[];

  constructor(readonly text: string, readonly options: LintOptions = {}) {
    this.lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    this.parsed = DockerfileParser.parse(text);
    this.model = buildModel(text, { buildArgs: options.buildArgs, baseImages: options.baseImages, parsed: this.parsed });
  }

  get escape(): string { return this.model.escapeChar; }

  /** The instructions written in the file, stage by stage (ONBUILD triggers run at a FROM excluded). */
  *stageInstructions(): Generator<{ stage: StageModel; instruction: InstructionModel; index: number }> {
    for (const stage of this.model.stages) {
      for (let index = 0; index < stage.instructions.length; index++) {
        const instruction = stage.instructions[index];
        if (!instruction.onbuildTrigger) yield { stage, instruction, index };
      }
    }
  }

  /** The instruction's logical text with positions (cached). */
  textOf(instruction: InstructionModel): InstructionText {
    let found = this.texts.get(instruction);
    if (!found) {
      found = new InstructionText(this.lines, instruction.range, this.escape);
      this.texts.set(instruction, found);
    }
    return found;
  }

  /** The document range between two offsets of the text (heredoc bodies are addressed so). */
  rangeOfOffsets(start: number, end: number): Range {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    const at = (offset: number) => {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= offset) low = mid; else high = mid - 1;
      }
      return { line: low, character: offset - starts[low] };
    };
    return { start: at(start), end: at(Math.max(start, end)) };
  }
}
