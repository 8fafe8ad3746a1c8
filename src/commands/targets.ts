// What a command acts on: VS Code passes a tree command the clicked node and, with multi-select,
// every selected node. From the palette there is no node, and the caller picks one instead.
import type { NodeTarget, ViewNode } from '../explorer/tree/viewNode';

/** The targets of the clicked/selected nodes, of the wanted kind, without duplicates. */
export function selectedTargets<K extends NodeTarget['kind']>(
  kind: K,
  clicked: unknown,
  selected: unknown,
): Array<Extract<NodeTarget, { kind: K }>> {
  const nodes: unknown[] = Array.isArray(selected) && selected.length > 0 ? selected : clicked ? [clicked] : [];
  const seen = new Set<string>();
  const targets: Array<Extract<NodeTarget, { kind: K }>> = [];
  for (const node of nodes) {
    const target = (node as Partial<ViewNode> | undefined)?.target;
    if (!target || target.kind !== kind || seen.has(target.id)) continue;
    seen.add(target.id);
    targets.push(target as Extract<NodeTarget, { kind: K }>);
  }
  return targets;
}

/** Every target of the selection, whatever its kind (copy id / copy name). */
export function anyTargets(clicked: unknown, selected: unknown): NodeTarget[] {
  const nodes: unknown[] = Array.isArray(selected) && selected.length > 0 ? selected : clicked ? [clicked] : [];
  return nodes.flatMap((node) => {
    const target = (node as Partial<ViewNode> | undefined)?.target;
    return target ? [target] : [];
  });
}

/** An error as one line for a notification (never a stack trace). */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // dockerode puts the engine's JSON answer after "(HTTP code N) ... -"; the engine's own words are the useful part.
  const engine = /^\(HTTP code \d+\) [^-]*- (.*)$/s.exec(message);
  return (engine?.[1] ?? message).trim();
}
