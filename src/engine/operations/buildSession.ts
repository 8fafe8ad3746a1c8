// A BuildKit session that answers the engine's credential questions, as the docker CLI's does:
// BuildKit pulls a build's base images itself and asks the client that started the build for the
// registry's login (gRPC `moby.filesync.v1.Auth/Credentials` over the connection the client opened
// with `POST /session`, upgraded to h2c). Without a session a BuildKit build can pull only public
// images. The answers come from the docker CLI's config (registryAuth.ts), per registry host. It
// also answers BuildKit's health checks, without which the engine drops the session at once.
// Token methods (FetchToken, GetTokenAuthority) are left unimplemented: BuildKit then falls back
// to Credentials, as with older CLIs. No `vscode` import.
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import type Docker from 'dockerode';
import { Type, Field } from 'protobufjs';
import { AuthConfig, DOCKER_HUB_KEYS, keyHost } from './registryAuth';

// moby/buildkit session/auth/auth.proto, the two messages Credentials uses.
const CredentialsRequest = new Type('CredentialsRequest').add(new Field('Host', 1, 'string'));
const CredentialsResponse = new Type('CredentialsResponse').add(new Field('Username', 1, 'string')).add(new Field('Secret', 2, 'string'));

/** A unary gRPC method whose two messages are protobufjs types declared here. */
function unaryMethod(path: string, request: Type, response: Type): grpc.MethodDefinition<object, object> {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (m: object) => Buffer.from(request.encode(m).finish()),
    requestDeserialize: (b: Buffer) => request.toObject(request.decode(b)),
    responseSerialize: (m: object) => Buffer.from(response.encode(m).finish()),
    responseDeserialize: (b: Buffer) => response.toObject(response.decode(b)),
  };
}

const CREDENTIALS_METHOD = '/moby.filesync.v1.Auth/Credentials';
const AUTH_SERVICE: grpc.ServiceDefinition = { Credentials: unaryMethod(CREDENTIALS_METHOD, CredentialsRequest, CredentialsResponse) };

// grpc.health.v1: BuildKit checks a session's health every second and drops it after two failed
// checks (session/grpc.go monitorHealth); a session without Health lives about two seconds.
const HealthCheckRequest = new Type('HealthCheckRequest').add(new Field('service', 1, 'string'));
const HealthCheckResponse = new Type('HealthCheckResponse').add(new Field('status', 1, 'int32'));
const SERVING = 1;
const HEALTH_METHOD = '/grpc.health.v1.Health/Check';
const HEALTH_SERVICE: grpc.ServiceDefinition = { Check: unaryMethod(HEALTH_METHOD, HealthCheckRequest, HealthCheckResponse) };

/** Docker Hub's names as BuildKit asks for them, and as the CLI's config keeps them. */
const DOCKER_HUB_HOSTS = new Set(DOCKER_HUB_KEYS.map(keyHost));

/** The login for `host` among the config's, or none (an anonymous pull). */
export function credentialsFor(host: string, auths: Readonly<Record<string, AuthConfig>>): AuthConfig | undefined {
  const wanted = DOCKER_HUB_HOSTS.has(host) ? DOCKER_HUB_HOSTS : new Set([host]);
  for (const [key, auth] of Object.entries(auths)) {
    if (wanted.has(keyHost(key))) return auth;
  }
  return undefined;
}

export interface BuildSession {
  /** The session id to pass as the build's `session` parameter. */
  readonly id: string;
  close(): void;
}

/** Opens a session on the engine that answers with `auths`; close it when the build ends. */
export function openAuthSession(docker: Docker, auths: Readonly<Record<string, AuthConfig>>): Promise<BuildSession> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    docker.modem.dial({
      method: 'POST',
      path: '/session',
      hijack: true,
      headers: {
        Upgrade: 'h2c',
        'X-Docker-Expose-Session-Uuid': id,
        'X-Docker-Expose-Session-Name': 'layerwise',
        'X-Docker-Expose-Session-Sharedkey': '',
        'X-Docker-Expose-Session-Grpc-Method': [CREDENTIALS_METHOD, HEALTH_METHOD],
      },
      statusCodes: { 101: true, 200: true, 400: 'bad parameter', 500: 'server error' },
    } as Parameters<typeof docker.modem.dial>[0], (error, socket) => {
      if (error) return reject(error);
      const server = new grpc.Server();
      server.addService(AUTH_SERVICE, {
        Credentials: (call: grpc.ServerUnaryCall<{ Host?: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
          const auth = credentialsFor(call.request.Host ?? '', auths);
          callback(null, auth ? { Username: auth.username, Secret: auth.password } : {});
        },
      });
      server.addService(HEALTH_SERVICE, {
        Check: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => callback(null, { status: SERVING }),
      });
      const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
      const connection = socket as Duplex;
      // The engine closing the session (the build ended) is not an error of the build.
      connection.on('error', () => undefined);
      injector.injectConnection(connection);
      resolve({
        id,
        close: () => {
          injector.destroy();
          server.forceShutdown();
          connection.destroy();
        },
      });
    });
  });
}
