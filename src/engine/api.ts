// One door to the engine API over a dockerode client's modem: every call takes an AbortSignal
// (dockerode's own wrappers do not all pass one through) and a time limit.
import type Docker from 'dockerode';
import type { IncomingMessage } from 'node:http';
import { EngineTimeoutError } from './errors';

export interface ApiCall {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query?: Record<string, unknown>;
  /** Aborts the call (the store aborts everything when it disposes or switches endpoint). */
  readonly signal?: AbortSignal;
  /** Rejects with EngineTimeoutError when no answer came in time (for streams: no headers). */
  readonly timeoutMs?: number;
}

/** An HTTP status error from the engine, with its status code (404 = the object is gone). */
export interface ApiError extends Error {
  statusCode?: number;
}

export function isNotFound(error: unknown): boolean {
  return (error as ApiError | undefined)?.statusCode === 404;
}

const STATUS_CODES = {
  200: true, 201: true, 204: true, 304: true,
  400: 'bad parameter', 401: 'unauthorized', 403: 'forbidden', 404: 'no such object', 409: 'conflict', 500: 'server error', 503: 'unavailable',
};

/** GETs JSON. */
export function apiJson<T>(docker: Docker, call: ApiCall): Promise<T> {
  return dial<T>(docker, call, false);
}

/** Opens a streaming response (such as /events); the caller reads and destroys it. */
export function apiStream(docker: Docker, call: ApiCall): Promise<IncomingMessage> {
  return dial<IncomingMessage>(docker, call, true);
}

function dial<T>(docker: Docker, call: ApiCall, isStream: boolean): Promise<T> {
  const timeoutMs = call.timeoutMs ?? 0;
  const timer = timeoutMs > 0 ? new AbortController() : undefined;
  const signal = timer && call.signal ? AbortSignal.any([call.signal, timer.signal]) : timer?.signal ?? call.signal;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (error: unknown, value?: T): void => {
      if (settled) {
        // A late stream after a time-out: nobody reads it, so close it.
        if (!error && isStream) (value as unknown as IncomingMessage).destroy();
        return;
      }
      settled = true;
      clearTimeout(handle);
      if (error) reject(error);
      else resolve(value as T);
    };
    const handle = timer
      ? setTimeout(() => {
        finish(new EngineTimeoutError(timeoutMs));
        timer.abort();
      }, timeoutMs)
      : undefined;
    const modem = docker.modem as unknown as {
      dial(options: Record<string, unknown>, callback: (error: unknown, data: unknown) => void): void;
    };
    try {
      modem.dial({
        path: `${call.path}?`,
        method: call.method ?? 'GET',
        options: { ...(call.query ?? {}) },
        abortSignal: signal,
        isStream,
        statusCodes: STATUS_CODES,
      }, (error, data) => finish(error, data as T));
    } catch (error) {
      finish(error);
    }
  });
}
