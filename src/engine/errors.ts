// Why an engine cannot be reached, in words a user can act on. The raw error (from Node's net/tls,
// from ssh2, or from the engine's HTTP answer) is turned into one of the model's reasons, a
// one-line message that names the endpoint, and a hint on how to fix it.
import type { EngineEndpoint, UnreachableReason } from './model';

export interface EngineProblem {
  readonly reason: UnreachableReason;
  readonly message: string;
  readonly hint: string;
}

/** Thrown by the store's own request timer (a host that never answers). */
export class EngineTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'EngineTimeoutError';
  }
}

const NOT_RUNNING = new Set(['ENOENT', 'ECONNREFUSED']);
const PERMISSION = new Set(['EACCES', 'EPERM']);
const WRONG_HOST = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EHOSTDOWN', 'EADDRNOTAVAIL']);
const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$|ERR_OSSL_)/;

interface ErrorLike {
  message?: string;
  code?: string;
  level?: string; // ssh2 sets this: client-authentication, client-socket, client-timeout, protocol...
  statusCode?: number;
  json?: unknown;
  reason?: unknown;
  cause?: unknown;
}

/** Classifies an error from talking to `endpoint`. */
export function classifyEngineError(error: unknown, endpoint: EngineEndpoint): EngineProblem {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const raw = (e.message ?? String(error)).trim();
  const where = `${endpoint.name} (${endpoint.host})`;

  if (typeof (error as { reason?: unknown })?.reason === 'string' && (error as Error).name === 'EndpointConfigError') {
    const reason = (error as { reason: UnreachableReason }).reason;
    return { reason, message: `${where}: ${raw}`, hint: hintFor(reason, endpoint) };
  }

  if (endpoint.kind === 'ssh') {
    // A socket-level failure reaching the ssh server is a host problem; everything else on this
    // path (authentication, handshake, the remote `docker system dial-stdio`) is an ssh problem.
    if (e.level === 'client-socket' && (NOT_RUNNING.has(code) || WRONG_HOST.has(code))) {
      return problem('wrong-host', `No ssh server answers at ${where}: ${raw}`, endpoint);
    }
    if (e.level === 'client-timeout' || code === 'ETIMEDOUT') {
      return problem('wrong-host', `The ssh server at ${where} did not answer in time: ${raw}`, endpoint);
    }
    if (e.level === 'host-key') {
      return { reason: 'ssh', message: `${where}: ${raw}`, hint: 'Check the host key the way ssh does (connect once with ssh and compare the fingerprint), then Retry.' };
    }
    if (e.level === 'client-authentication') {
      return problem('ssh', `ssh authentication to ${where} failed: ${raw}. The agent (SSH_AUTH_SOCK) has no key the server accepts.`, endpoint);
    }
    if (typeof e.statusCode === 'number') return httpProblem(e, raw, where, endpoint);
    return problem('ssh', `The ssh connection to ${where} failed: ${raw}`, endpoint);
  }

  if (TLS_CODES.test(code)) return problem('tls', `The TLS handshake with ${where} failed: ${raw}`, endpoint);
  if (NOT_RUNNING.has(code)) {
    return problem('not-running', endpoint.kind === 'unix'
      ? `No Docker engine is listening on ${endpoint.host.replace('unix://', '')} (${code}).`
      : `Nothing listens at ${where} (${code}).`, endpoint, endpoint.kind === 'unix' ? undefined : 'wrong-host');
  }
  if (PERMISSION.has(code)) {
    return problem('permission-denied', `Permission denied on ${endpoint.host.replace('unix://', '')} (${code}).`, endpoint);
  }
  if (WRONG_HOST.has(code) || error instanceof EngineTimeoutError) {
    return problem('wrong-host', `No Docker engine answers at ${where}: ${raw}`, endpoint);
  }
  // Socket-level codes are decided above, so words such as "tls" in a socket path cannot mislead this.
  if (/certificate|ssl|tls|handshake|alert/i.test(raw)) {
    return problem('tls', `The TLS handshake with ${where} failed: ${raw}`, endpoint);
  }
  if (code === 'ECONNRESET' && endpoint.tls) {
    // A TLS server that rejects our client certificate hangs up during the handshake.
    return problem('tls', `${where} closed the connection during the TLS handshake (${raw}); it probably rejected the client certificate.`, endpoint);
  }
  if (typeof e.statusCode === 'number') return httpProblem(e, raw, where, endpoint);
  return problem('unknown', `${where}: ${raw || 'unknown error'}`, endpoint);
}

function httpProblem(e: ErrorLike, raw: string, where: string, endpoint: EngineEndpoint): EngineProblem {
  const body = JSON.stringify(e.json ?? '');
  if (/HTTP request to an HTTPS server/i.test(body) || /HTTP request to an HTTPS server/i.test(raw)) {
    return problem('tls', `${where} speaks TLS but this endpoint is configured without it.`, endpoint);
  }
  return problem('unknown', `${where} answered with an error: ${raw}`, endpoint);
}

function problem(reason: UnreachableReason, message: string, endpoint: EngineEndpoint, hintReason: UnreachableReason = reason): EngineProblem {
  return { reason, message, hint: hintFor(hintReason, endpoint) };
}

/** How to fix each reason, specific to the endpoint where that helps. */
export function hintFor(reason: UnreachableReason, endpoint: EngineEndpoint): string {
  switch (reason) {
    case 'not-running':
      return 'Start the Docker engine (for example `sudo systemctl start docker`, or start Docker Desktop), then Retry.';
    case 'permission-denied':
      return 'Add your user to the `docker` group (`sudo usermod -aG docker $USER`), sign out and in again, then Retry.';
    case 'wrong-host':
      return endpoint.source === 'env'
        ? `Check DOCKER_HOST (${endpoint.host}): the engine must listen there and be reachable from this machine.`
        : `Check the host of the context "${endpoint.name}" (${endpoint.host}), or switch to another context.`;
    case 'tls':
      return endpoint.source === 'env'
        ? 'Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) and DOCKER_TLS_VERIFY: the client certificate must be signed by the CA the engine trusts.'
        : `Check the TLS material of the context "${endpoint.name}" (docker context update ${endpoint.name} --docker host=...,ca=...,cert=...,key=...).`;
    case 'ssh':
      return `Check that your key is loaded in the ssh agent (\`ssh-add -l\`, SSH_AUTH_SOCK set), that \`${sshCommand(endpoint.host)} docker version\` works, and that the engine runs there.`;
    case 'unknown':
      return 'Check the engine\'s log, then Retry.';
  }
}

function sshCommand(host: string): string {
  try {
    const url = new URL(host);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return `ssh ${url.port ? `-p ${url.port} ` : ''}${user}${url.hostname}`;
  } catch {
    return `ssh ${host}`;
  }
}
