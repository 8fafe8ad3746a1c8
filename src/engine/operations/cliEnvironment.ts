// The environment a `docker` CLI process needs to talk to the engine the explorer shows (for
// terminals: logs -f, exec -it, run -it). `null` removes a variable from the inherited environment.
// No `vscode` import.
import type { EngineEndpoint } from '../model';

export function dockerCliEnvironment(endpoint: EngineEndpoint): Record<string, string | null> {
  if (endpoint.source === 'cli-context') {
    // The context carries its own TLS/ssh settings; DOCKER_HOST would override it.
    return { DOCKER_CONTEXT: endpoint.name, DOCKER_HOST: null };
  }
  // `default`: the socket or DOCKER_HOST (whose DOCKER_TLS_VERIFY / DOCKER_CERT_PATH are inherited).
  return { DOCKER_HOST: endpoint.host, DOCKER_CONTEXT: null };
}

/** `docker logs -f --tail 500 <id>` as argv. */
export const logsArgs = (id: string, tail = 500): string[] => ['logs', '--follow', '--tail', String(tail), id];

/** `docker exec -it <id> <shell>` as argv. */
export const execArgs = (id: string, shell: string): string[] => ['exec', '-it', id, shell];
