// The Contexts view's tree: the engine endpoints the user has, the current one marked with the
// engine's state. Shown even when the engine is unreachable, so the user can switch away. Pure.
import type { EngineEndpoint, EngineState, EngineStore } from '../../engine/model';
import { LiveTree } from './liveTree';
import { NodeCache, NodeIcon, ViewNode } from './viewNode';

/** Lists the endpoints (environment, Docker CLI contexts, default socket). */
export type EndpointLister = () => Promise<readonly EngineEndpoint[]>;

const SOURCE_TEXT: Record<EngineEndpoint['source'], string> = {
  env: 'from the environment (DOCKER_HOST / DOCKER_CONTEXT)',
  'cli-context': 'a Docker CLI context',
  default: 'the default engine socket',
};

export function stateText(state: EngineState): string {
  switch (state.kind) {
    case 'connected': return `connected, engine ${state.version}`;
    case 'connecting': return 'connecting…';
    default: return `unreachable: ${state.message}`;
  }
}

function currentIcon(state: EngineState): NodeIcon {
  switch (state.kind) {
    case 'connected': return { id: 'pass-filled', color: 'charts.green' };
    case 'connecting': return { id: 'loading~spin' };
    default: return { id: 'error', color: 'charts.red' };
  }
}

export class ContextsTree extends LiveTree {
  private endpoints: readonly EngineEndpoint[] = [];
  private loadError: string | undefined;

  constructor(store: EngineStore, private readonly listEndpoints: EndpointLister, debounceMs?: number) {
    super(store, { kinds: [], showWhenUnreachable: true, debounceMs });
  }

  /** Read the endpoints again (contexts can be created or removed with the CLI at any time). */
  async reload(): Promise<void> {
    try {
      this.endpoints = await this.listEndpoints();
      this.loadError = undefined;
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
    }
    this.refresh();
  }

  protected build(cache: NodeCache): ViewNode[] {
    const current = this.store.endpoint;
    const list = this.endpoints.some((e) => e.name === current.name) ? this.endpoints : [current, ...this.endpoints];
    const nodes = list.map((endpoint) => {
      const isCurrent = endpoint.name === current.name;
      return cache.node(`context:${endpoint.name}`, undefined, {
        label: endpoint.name,
        description: [endpoint.host, isCurrent ? stateText(this.store.state).split(':')[0] : undefined].filter((p) => p).join(' · '),
        icon: isCurrent ? currentIcon(this.store.state) : { id: 'circle-large-outline' },
        contextValue: isCurrent ? 'context.current' : 'context',
        target: { kind: 'context', id: endpoint.name, name: endpoint.name },
        tooltip: () =>
          [
            `**${endpoint.name}**${isCurrent ? ' (current)' : ''}`,
            '',
            `- Host: \`${endpoint.host}\``,
            `- Source: ${SOURCE_TEXT[endpoint.source]}`,
            endpoint.description ? `- Description: ${endpoint.description}` : '',
            endpoint.tls ? `- TLS: ${endpoint.tls.verify ? 'verifies the server' : 'does not verify the server'}` : '',
            isCurrent ? `- Engine: ${stateText(this.store.state)}` : '',
          ]
            .filter((line, i) => i < 2 || line !== '')
            .join('\n'),
      });
    });
    if (this.loadError) {
      nodes.push(cache.node('context-error', undefined, { label: `Could not read the contexts: ${this.loadError}`, icon: { id: 'warning' }, contextValue: 'message' }));
    }
    return nodes;
  }

  /** The endpoint a context node stands for. */
  endpointNamed(name: string): EngineEndpoint | undefined {
    return this.endpoints.find((e) => e.name === name) ?? (this.store.endpoint.name === name ? this.store.endpoint : undefined);
  }
}
