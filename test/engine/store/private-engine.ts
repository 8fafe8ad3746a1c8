// A private dockerd for tests and benchmarks that must stop, restart or load an engine without
// touching the shared one other tests use: its own socket, data-root, exec-root (so its own
// containerd) and its own bridge interface. Needs root. Started with an argv array, never a shell.
//
// Its default bridge is a dedicated interface (`--bridge lwbrXXXX`): with `--bridge none` dockerd
// deletes the host's docker0, which would break the shared engine.
import Docker from 'dockerode';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface PrivateEngineOptions {
  /** Also listen on tcp://127.0.0.1:PORT with TLS client verification. */
  readonly tls?: { readonly port: number; readonly ca: string; readonly cert: string; readonly key: string };
  /** Part of the temporary directory's name. */
  readonly name?: string;
}

export interface PrivateEngine {
  readonly dir: string;
  readonly socketPath: string;
  /** unix:///.../docker.sock */
  readonly host: string;
  client(): Docker;
  /** Stops dockerd (SIGTERM, then SIGKILL after 20 s) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again with the same data. */
  start(): Promise<void>;
  /** Stops it, removes its bridge interfaces and its directory. */
  destroy(): Promise<void>;
}

export function canRunPrivateEngine(): string | undefined {
  if (process.getuid?.() !== 0) return 'a private dockerd needs root';
  if (!existsSync('/usr/sbin/dockerd') && spawnSync('which', ['dockerd']).status !== 0) return 'dockerd is not installed';
  return undefined;
}

export async function startPrivateEngine(options: PrivateEngineOptions = {}): Promise<PrivateEngine> {
  const dir = mkdtempSync(`/tmp/lw-${options.name ?? 'engine'}-`);
  const socketPath = join(dir, 'docker.sock');
  const bridge = `lwbr${randomBytes(3).toString('hex')}`;
  const subnetByte = 100 + (randomBytes(1)[0] % 100);
  ip(['link', 'add', bridge, 'type', 'bridge']);
  ip(['addr', 'add', `10.${subnetByte}.${randomBytes(1)[0]}.1/24`, 'dev', bridge]);
  ip(['link', 'set', bridge, 'up']);

  const args = [
    '--host', `unix://${socketPath}`,
    '--data-root', join(dir, 'root'),
    '--exec-root', join(dir, 'exec'),
    '--pidfile', join(dir, 'docker.pid'),
    '--bridge', bridge,
    '--iptables=false', '--ip-masq=false', '--ip-forward=false',
    '--userland-proxy=false',
  ];
  if (options.tls) {
    args.push('--host', `tcp://127.0.0.1:${options.tls.port}`, '--tlsverify',
      '--tlscacert', options.tls.ca, '--tlscert', options.tls.cert, '--tlskey', options.tls.key);
  }
  let child: ChildProcess | undefined;
  const docker = new Docker({ socketPath, host: undefined, port: undefined, protocol: undefined } as Docker.DockerOptions);

  const start = async (): Promise<void> => {
    const log = openSync(join(dir, 'dockerd.log'), 'a');
    child = spawn('dockerd', args, { stdio: ['ignore', log, log], detached: true });
    closeSync(log);
    child.on('error', () => undefined);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`dockerd exited with ${child.exitCode}; see ${join(dir, 'dockerd.log')}`);
      try {
        await docker.ping();
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`the private dockerd did not answer within 30 s; see ${join(dir, 'dockerd.log')}`);
  };

  const stop = async (): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const killer = setTimeout(() => running.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killer);
    child = undefined;
  };

  const destroy = async (): Promise<void> => {
    // User-defined networks leave br-<id> interfaces behind when dockerd stops: remove them first.
    try {
      for (const n of await docker.listNetworks()) {
        if (!['bridge', 'host', 'none'].includes(n.Name)) {
          await docker.getNetwork(n.Id).remove().catch(() => undefined);
          ip(['link', 'del', `br-${n.Id.slice(0, 12)}`], true);
        }
      }
    } catch {
      // The engine is already down.
    }
    await stop();
    ip(['link', 'del', bridge], true);
    // Overlay mounts are gone with dockerd; anything still mounted under dir is unmounted first.
    for (const line of readMounts().filter((m) => m.startsWith(dir)).reverse()) spawnSync('umount', ['-l', line]);
    rmSync(dir, { recursive: true, force: true });
  };

  await start().catch(async (error) => {
    await destroy();
    throw error;
  });
  return { dir, socketPath, host: `unix://${socketPath}`, client: () => docker, stop, start, destroy };
}

/** Copies an image from one engine to another (docker save | docker load, through the API). */
export async function copyImage(from: Docker, to: Docker, name: string): Promise<void> {
  const tar = await from.getImage(name).get();
  const result = await to.loadImage(tar);
  await new Promise<void>((resolve, reject) => to.modem.followProgress(result, (error: unknown) => (error ? reject(error) : resolve())));
}

function ip(args: string[], ignoreFailure = false): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0 && !ignoreFailure) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr}`);
}

function readMounts(): string[] {
  return readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1]).filter(Boolean);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
