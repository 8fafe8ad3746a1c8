// How much each BuildKit step added, from the built image's history (`docker history`:
// /images/{id}/history). BuildKit makes no intermediate images, so only the target image has a
// history; it holds the base's entries, then one entry per instruction of the target's stage chain
// (its base stages first), FROM and ONBUILD excepted, metadata instructions included with size 0,
// each CreatedBy starting with the instruction's keyword (`RUN /bin/sh -c make # buildkit`,
// `COPY /tools /tools # buildkit`, `ENV A=1`). Checked against the engine here. So the entries
// are lined up with the instructions from the end, and the lining up stops at the first keyword
// that does not agree (no size rather than a wrong one). No `vscode` import.
import type Docker from 'dockerode';
import type { DockerfileOutline, OutlineInstruction } from './buildkitSteps';

export interface HistoryEntry {
  readonly Id: string;
  readonly CreatedBy: string;
  readonly Size: number;
}

export interface InstructionLayer {
  readonly sizeBytes: number;
  readonly createdBy: string;
  /** The image id when the entry is an image of its own (the last one is the image built). */
  readonly imageId?: string;
}

/** The instructions whose history entries make up the target stage's image, in build order. */
export function historyInstructions(outline: DockerfileOutline, targetIndex: number): OutlineInstruction[] {
  const chain: OutlineInstruction[] = [];
  const seen = new Set<number>();
  const walk = (index: number): void => {
    const stage = outline.stages[index];
    if (!stage || seen.has(index)) return;
    seen.add(index);
    if (stage.baseStage !== undefined) walk(stage.baseStage);
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'FROM' || instruction.keyword === 'ONBUILD') continue;
      chain.push(instruction);
    }
  };
  walk(targetIndex);
  return chain;
}

const keywordOf = (createdBy: string): string => (/^\s*(\S+)/.exec(createdBy)?.[1] ?? '').toUpperCase();

/** The history entry of each instruction, keyed by the instruction's first line (0-based). */
export function alignHistory(instructions: readonly OutlineInstruction[], history: readonly HistoryEntry[]): Map<number, InstructionLayer> {
  const layers = new Map<number, InstructionLayer>();
  // docker history lists the newest entry first.
  for (let i = instructions.length - 1, h = 0; i >= 0 && h < history.length; i--, h++) {
    const instruction = instructions[i]!;
    const entry = history[h]!;
    if (keywordOf(entry.CreatedBy) !== instruction.keyword) break;
    layers.set(instruction.range.start.line, {
      sizeBytes: entry.Size ?? 0,
      createdBy: entry.CreatedBy,
      ...(entry.Id && entry.Id !== '<missing>' ? { imageId: entry.Id } : {}),
    });
  }
  return layers;
}

/** The target image's layers per instruction line; empty when the image is gone or cannot be read. */
export async function buildkitLayers(docker: Docker, imageId: string, outline: DockerfileOutline, targetIndex: number): Promise<Map<number, InstructionLayer>> {
  let history: HistoryEntry[];
  try {
    history = (await docker.getImage(imageId).history()) as HistoryEntry[];
  } catch {
    return new Map();
  }
  return alignHistory(historyInstructions(outline, targetIndex), history);
}
