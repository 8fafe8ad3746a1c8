// The engine's /events stream: splitting it into events, and deciding, for each event, which
// objects to re-read or drop. Pure functions, so the decisions are unit-tested one by one.
import type { ResourceKind } from './model';

export interface EngineEvent {
  readonly Type?: string;
  readonly Action?: string;
  readonly Actor?: { readonly ID?: string; readonly Attributes?: Readonly<Record<string, string>> | null };
  readonly time?: number;
  readonly timeNano?: number;
}

/**
 * What one event asks the store to do. `read` re-reads one object (by id; for images also by a
 * reference such as `repo:tag`), `remove` drops it without asking the engine, `relist` re-lists a
 * whole kind (only for events that do not say which objects changed, such as prune).
 */
export type Refresh =
  | { readonly kind: ResourceKind; readonly op: 'read' | 'remove'; readonly key: string; readonly name?: string }
  | { readonly kind: ResourceKind; readonly op: 'relist' };

/** Container actions that change nothing the explorer shows (exec, attach, resize...). */
const QUIET_CONTAINER_ACTIONS: ReadonlySet<string> = new Set([
  'attach', 'detach', 'exec_create', 'exec_start', 'exec_die', 'exec_detach', 'resize', 'top', 'export',
  'copy', 'archive-path', 'extract-to-dir', 'mount', 'unmount',
]);

/** Decides what an event changed. Unknown types and actions change nothing. */
export function refreshesFor(event: EngineEvent): Refresh[] {
  const type = event.Type ?? '';
  // "exec_start: sh -c ...", "health_status: healthy": the part before the colon is the action.
  const action = (event.Action ?? '').split(':')[0].trim();
  const id = event.Actor?.ID ?? '';
  const attributes = event.Actor?.Attributes ?? {};
  switch (type) {
    case 'container':
      if (action === 'prune') return [{ kind: 'containers', op: 'relist' }];
      if (!id || QUIET_CONTAINER_ACTIONS.has(action)) return [];
      if (action === 'destroy') return [{ kind: 'containers', op: 'remove', key: id }];
      // Just after a rename the engine lists BOTH names for a moment; the event says which is new.
      if (action === 'rename' && attributes.name) return [{ kind: 'containers', op: 'read', key: id, name: attributes.name }];
      // A commit makes an image without an image event of its own.
      if (action === 'commit') return [{ kind: 'containers', op: 'read', key: id }, { kind: 'images', op: 'relist' }];
      return [{ kind: 'containers', op: 'read', key: id }];
    case 'image':
      if (action === 'prune') return [{ kind: 'images', op: 'relist' }];
      if (!id || action === 'save' || action === 'push') return [];
      if (action === 'delete') return [{ kind: 'images', op: 'remove', key: id }];
      // tag/untag/import/load name the image by id; pull names it by the reference pulled
      // (`repo:tag`), which the engine resolves when the store reads it.
      return [{ kind: 'images', op: 'read', key: id }];
    case 'volume':
      if (action === 'prune') return [{ kind: 'volumes', op: 'relist' }];
      if (!id) return [];
      if (action === 'destroy') return [{ kind: 'volumes', op: 'remove', key: id }];
      if (action === 'create') return [{ kind: 'volumes', op: 'read', key: id }];
      // mount/unmount change which containers use it, which is derived from the containers.
      return [];
    case 'network': {
      if (action === 'prune') return [{ kind: 'networks', op: 'relist' }];
      if (!id) return [];
      const container = attributes.container;
      if (action === 'connect' || action === 'disconnect') {
        return container ? [{ kind: 'containers', op: 'read', key: container }] : [];
      }
      if (action === 'destroy' || action === 'remove') return [{ kind: 'networks', op: 'remove', key: id }];
      return [{ kind: 'networks', op: 'read', key: id }];
    }
    default:
      return [];
  }
}

/** Splits a stream of newline-separated JSON objects, across chunk boundaries. */
export class JsonLineSplitter {
  private buffered = '';

  /** Returns the complete objects in `chunk` (lines that are not JSON are skipped). */
  push(chunk: string): EngineEvent[] {
    this.buffered += chunk;
    const lines = this.buffered.split('\n');
    this.buffered = lines.pop() ?? '';
    const events: EngineEvent[] = [];
    for (const line of lines) {
      const trimmed = line.trim();
      if (!trimmed) continue;
      try {
        events.push(JSON.parse(trimmed) as EngineEvent);
      } catch {
        // A line that is not JSON (a proxy's noise): nothing to apply.
      }
    }
    return events;
  }
}
