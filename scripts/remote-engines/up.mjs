#!/usr/bin/env node
// Starts remote engines on loopback for trying Layerwise by hand (root; run `npx tsc -p .` first):
// a private dockerd with a TLS port, an sshd in front of it, an ssh-agent with the key, and the
// contexts lw-tls, lw-tls-rogue and lw-ssh in a temporary DOCKER_CONFIG. Prints what to export;
// Ctrl-C stops everything and removes the temporary files. Nothing runs through a shell.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const out = join(root, 'out/test/engine');
if (!existsSync(join(out, 'remote/remote-setup.js'))) {
  console.error('remote-engines: compile first (npx tsc -p .)');
  process.exit(2);
}
const setup = require(join(out, 'remote/remote-setup.js'));
const privateEngine = require(join(out, 'store/private-engine.js'));
const support = require(join(root, 'out/test/support/engine.js'));

const why = privateEngine.canRunPrivateEngine();
if (why) {
  console.error(`remote-engines: ${why}`);
  process.exit(2);
}

const dir = mkdtempSync('/tmp/lw-remote-engines-');
const certs = setup.makeCertificates(join(dir, 'certs'));
const tlsPort = await setup.freePort();
const engine = await privateEngine.startPrivateEngine({ name: 'remote-engines', tls: { port: tlsPort, ca: certs.ca, cert: certs.serverCert, key: certs.serverKey } });
await privateEngine.copyImage(support.engineClient(), engine.client(), 'busybox:local');
const agent = await setup.startAgentWithNewKey(join(dir, 'ssh'), 'you');
const sshPort = await setup.freePort();
const sshd = await setup.startSshServer(join(dir, 'sshd'), { port: sshPort, user: 'root', authorizedKey: agent.publicKey, dockerHost: engine.host });

const env = { ...process.env, DOCKER_CONFIG: join(dir, 'docker-config') };
delete env.DOCKER_HOST;
delete env.DOCKER_CONTEXT;
const docker = (args) => {
  const r = spawnSync('docker', args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
};
docker(['context', 'create', 'lw-tls', '--description', 'private engine over TLS', '--docker', `host=tcp://127.0.0.1:${tlsPort},ca=${certs.ca},cert=${certs.clientCert},key=${certs.clientKey}`]);
docker(['context', 'create', 'lw-tls-rogue', '--description', 'client certificate from another CA', '--docker', `host=tcp://127.0.0.1:${tlsPort},ca=${certs.ca},cert=${certs.rogueCert},key=${certs.rogueKey}`]);
docker(['context', 'create', 'lw-ssh', '--description', 'private engine over ssh', '--docker', `host=ssh://root@127.0.0.1:${sshPort}`]);

console.log(`export DOCKER_CONFIG=${env.DOCKER_CONFIG}`);
console.log(`export SSH_AUTH_SOCK=${agent.socket}`);
console.log('# contexts: lw-tls, lw-tls-rogue, lw-ssh (and default). Ctrl-C to stop.');
console.log('# lw-ssh is trusted only once its host key is in ~/.ssh/known_hosts; to try it, append:');
console.log(`#   [127.0.0.1]:${sshPort} ${sshd.hostPublicKey}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await sshd.stop();
  await agent.stop();
  await engine.destroy();
  rmSync(dir, { recursive: true, force: true });
  console.log('remote engines stopped and removed');
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);
