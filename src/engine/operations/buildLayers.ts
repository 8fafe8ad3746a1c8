// How much each build step added: the engine's image history (`docker history`: /images/{id}/history)
// of the last image of each stage gives every layer's Size and CreatedBy, found by the step's image
// id. A FROM adds nothing of its own (its base's layers were there before), except the layers its
// ONBUILD triggers commit. No `vscode` import.
import type Docker from 'dockerode';
import type { BuildStepRecord } from './buildSteps';

export interface StepLayer {
  /** Bytes the step's layer added (0 for metadata-only steps such as ENV or LABEL). */
  readonly sizeBytes: number;
  /** The history entry's CreatedBy (`/bin/sh -c #(nop)  ENV X=1`...). */
  readonly createdBy: string;
  /** The full image id (`sha256:...`). */
  readonly imageId: string;
}

interface HistoryEntry {
  Id: string;
  CreatedBy: string;
  Size: number;
}

/** Steps grouped by stage: a FROM starts a new group (global ARGs before it stand alone). */
function stageGroups(records: readonly BuildStepRecord[]): BuildStepRecord[][] {
  const groups: BuildStepRecord[][] = [];
  for (const record of records) {
    if (groups.length === 0 || /^FROM\s/i.test(record.instruction)) groups.push([]);
    groups[groups.length - 1]!.push(record);
  }
  return groups;
}

const matches = (entry: HistoryEntry, shortId: string): boolean => entry.Id.replace(/^sha256:/, '').startsWith(shortId);

/**
 * The layer each step with an image left, keyed by step number. One history request per stage;
 * a stage whose image is gone (removed meanwhile) just has no sizes.
 */
export async function stepLayers(docker: Docker, records: readonly BuildStepRecord[]): Promise<Map<number, StepLayer>> {
  const layers = new Map<number, StepLayer>();
  for (const group of stageGroups(records)) {
    const last = [...group].reverse().find((r) => r.imageId);
    if (!last?.imageId) continue;
    let history: HistoryEntry[];
    try {
      history = (await docker.getImage(last.imageId).history()) as HistoryEntry[];
    } catch {
      continue;
    }
    for (const record of group) {
      const isFrom = /^FROM\s/i.test(record.instruction);
      if (!record.imageId || (isFrom && !record.triggers)) continue;
      const index = history.findIndex((entry) => matches(entry, record.imageId!));
      if (index < 0) continue;
      const entry = history[index]!;
      // A FROM's own layers are its triggers' (the entries from its image down, one per trigger).
      const own = isFrom ? history.slice(index, index + (record.triggers ?? 0)) : [entry];
      layers.set(record.number, {
        sizeBytes: own.reduce((sum, e) => sum + (e.Size ?? 0), 0),
        createdBy: isFrom ? own.map((e) => e.CreatedBy).join('\n') : entry.CreatedBy,
        imageId: entry.Id,
      });
    }
  }
  return layers;
}
