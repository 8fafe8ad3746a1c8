// The connected client for a command, and errors in words: a connection problem is explained the
// way the explorer explains it (classifyEngineError), anything else is the engine's own message.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { classifyEngineError } from '../engine/errors';
import type { LiveEngineStore } from '../engine/store';
import { errorText } from './targets';

export function connectedClient(store: LiveEngineStore): Docker {
  const docker = store.client();
  if (!docker || store.state.kind !== 'connected') {
    const state = store.state;
    throw new Error(state.kind === 'unreachable' ? state.message : `the Docker engine of context "${store.endpoint.name}" is not connected yet`);
  }
  return docker;
}

const CONNECTION_CODES = /^(ENOENT|ECONNREFUSED|ECONNRESET|EACCES|EPERM|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPIPE)$/;

export function engineErrorText(error: unknown, store: LiveEngineStore): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && CONNECTION_CODES.test(code)) return classifyEngineError(error, store.endpoint).message;
  return errorText(error);
}

/** Registers a command whose failures become one clear error notification. */
export function registerSafe(id: string, what: string, store: LiveEngineStore, handler: (...args: unknown[]) => Promise<unknown>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      void vscode.window.showErrorMessage(`Layerwise: could not ${what}: ${engineErrorText(error, store)}`);
      return undefined;
    }
  });
}

/** A prune's optional scope from a command argument: `{ labels: ['key=value'] }` (keybindings, tests). */
export function labelScope(arg: unknown): { labels?: string[] } {
  const labels = (arg as { labels?: unknown } | undefined)?.labels;
  return Array.isArray(labels) && labels.every((l) => typeof l === 'string') ? { labels: labels as string[] } : {};
}
