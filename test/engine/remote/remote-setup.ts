// Real remote engines on loopback, for tests and for scripts/remote-engines/start.mjs:
// - TLS: a CA, a server certificate for 127.0.0.1, a client certificate, and a second ("rogue")
//   CA with its own client certificate that the engine must refuse; all made with openssl.
// - ssh: Debian's sshd on a loopback port with its own host key and authorized_keys, and an
//   ssh-agent holding the client key, as a user's would.
// Every tool runs from an argv array; nothing goes through a shell.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface Certificates {
  readonly dir: string;
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** A client certificate and key signed by another CA: the engine must refuse them. */
  readonly rogueCert: string;
  readonly rogueKey: string;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(command, args, { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function makeCertificates(dir: string): Certificates {
  mkdirSync(dir, { recursive: true });
  const p = (name: string): string => join(dir, name);
  const ca = (name: string): void => {
    run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', p(`${name}-key.pem`), '-out', p(`${name}.pem`), '-days', '2', '-subj', `/CN=layerwise test ${name}`]);
  };
  const leaf = (name: string, caName: string, cn: string, ext: string): void => {
    writeFileSync(p(`${name}.ext`), ext);
    run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', p(`${name}-key.pem`), '-out', p(`${name}.csr`), '-subj', `/CN=${cn}`]);
    run('openssl', ['x509', '-req', '-in', p(`${name}.csr`), '-CA', p(`${caName}.pem`), '-CAkey', p(`${caName}-key.pem`),
      '-CAcreateserial', '-out', p(`${name}-cert.pem`), '-days', '2', '-extfile', p(`${name}.ext`)]);
  };
  ca('ca');
  ca('rogue-ca');
  leaf('server', 'ca', '127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  leaf('client', 'ca', 'layerwise-client', 'extendedKeyUsage=clientAuth\n');
  leaf('rogue', 'rogue-ca', 'layerwise-client', 'extendedKeyUsage=clientAuth\n');
  return {
    dir, ca: p('ca.pem'), serverCert: p('server-cert.pem'), serverKey: p('server-key.pem'),
    clientCert: p('client-cert.pem'), clientKey: p('client-key.pem'), rogueCert: p('rogue-cert.pem'), rogueKey: p('rogue-key.pem'),
  };
}

export interface SshServer {
  readonly port: number;
  readonly user: string;
  /** The server's host public key ("ssh-ed25519 AAAA..."), for a known_hosts line. */
  readonly hostPublicKey: string;
  /** How many ssh logins sshd accepted so far (from its log). */
  acceptedLogins(): number;
  stop(): Promise<void>;
}

/**
 * Starts sshd on 127.0.0.1:port for `user`, accepting `authorizedKey` (an OpenSSH public key).
 * `dockerHost` is set as DOCKER_HOST in the sessions, so `docker system dial-stdio` (which the
 * engine client runs on the remote side) reaches that engine.
 */
export async function startSshServer(dir: string, options: { port: number; user: string; authorizedKey: string; dockerHost?: string }): Promise<SshServer> {
  const sshd = '/usr/sbin/sshd';
  if (!existsSync(sshd)) throw new Error('sshd is not installed (Debian package openssh-server)');
  mkdirSync(dir, { recursive: true });
  mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege-separation directory
  const hostKey = join(dir, 'host_ed25519');
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, `${options.authorizedKey.trim()}\n`, { mode: 0o600 });
  const config = join(dir, 'sshd_config');
  writeFileSync(config, [
    `Port ${options.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${authorized}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    'StrictModes no',
    `AllowUsers ${options.user}`,
    ...(options.dockerHost ? [`SetEnv DOCKER_HOST=${options.dockerHost}`] : []),
    '',
  ].join('\n'));
  run(sshd, ['-t', '-f', config]);
  const child = spawn(sshd, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => { log += d.toString(); });
  child.on('error', () => undefined);
  await waitForPort(options.port, () => (child.exitCode !== null ? `sshd exited: ${log}` : undefined));
  return {
    port: options.port,
    user: options.user,
    hostPublicKey: readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' '),
    acceptedLogins: () => (log.match(/Accepted publickey for /g) ?? []).length,
    stop: () => stopChild(child),
  };
}

export interface SshAgent {
  readonly socket: string;
  /** The public key of the key it holds (authorized_keys line). */
  readonly publicKey: string;
  stop(): Promise<void>;
}

/** Starts an ssh-agent on its own socket with a new ed25519 key loaded. */
export async function startAgentWithNewKey(dir: string, name: string): Promise<SshAgent> {
  mkdirSync(dir, { recursive: true });
  const key = join(dir, `${name}_ed25519`);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `layerwise-${name}`, '-f', key]);
  const socket = join(dir, `${name}-agent.sock`);
  const child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  child.on('error', () => undefined);
  const deadline = Date.now() + 5000;
  while (!existsSync(socket)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('ssh-agent did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  run('ssh-add', ['-q', key], { ...process.env, SSH_AUTH_SOCK: socket });
  const publicKey = spawnSync('ssh-keygen', ['-y', '-f', key], { encoding: 'utf8' }).stdout.trim();
  return { socket, publicKey, stop: () => stopChild(child) };
}

async function waitForPort(port: number, failed: () => string | undefined): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const why = failed();
    if (why) throw new Error(why);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after 10 s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
