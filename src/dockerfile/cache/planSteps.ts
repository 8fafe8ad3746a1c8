// What the builders' rebuild plans share: the input they are given and the per-step answer.
import type { InstructionModel } from '../types';

export interface StepRebuild {
  rebuild: boolean;
  /** Why it rebuilds (its own key, or the earlier step it follows); unset when cached. */
  reason?: string;
}

/** What each builder's plan needs: the changes as the context sees them, and where to leave notes. */
export interface PlanInput {
  changedArgs: ReadonlySet<string>;
  /** Changed context paths after `.dockerignore`. */
  effectivePaths: readonly string[];
  notes: string[];
}

export interface PlanSteps {
  steps: Map<InstructionModel, StepRebuild>;
  stages: Map<number, boolean>;
}

export function lineOf(instruction: InstructionModel): number {
  return instruction.range.start.line + 1;
}

