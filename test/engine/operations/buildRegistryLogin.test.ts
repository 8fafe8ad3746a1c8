// A base image on a registry that needs a login, built with each builder through the engine API:
// without the docker CLI's login the pull is refused (and the failure says to log in), with it the
// build pulls the base and succeeds. The classic builder gets the logins in X-Registry-Config;
// BuildKit asks for them over the build's session (src/engine/operations/buildSession.ts). The
// registry is the local one with htpasswd that scripts/ensure-engine.sh starts.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BuildError, buildImage } from '../../../src/engine/operations/build';
import { packContext } from '../../../src/engine/operations/buildContext';
import { describeFailure } from '../../../src/engine/operations/buildFailure';
import { openAuthSession } from '../../../src/engine/operations/buildSession';
import { followMessages } from '../../../src/engine/operations/jsonStream';
import { reportBuild } from '../../../src/engine/operations/buildReport';
import { pushImage, removeImage, tagImage } from '../../../src/engine/operations/images';
import { allRegistryAuths } from '../../../src/engine/operations/registryAuth';
import { engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';
import { authRegistryLogin, deleteFromRegistry } from '../../support/registry';

const docker = engineClient();
const run = randomBytes(4).toString('hex');
const labels = { [TEST_LABEL]: `build-login-${run}` };
const authRegistry = process.env.LAYERWISE_AUTH_REGISTRY ?? '127.0.0.1:5001';
const login = authRegistryLogin();
const base = `${authRegistry}/lw-build-login-${run}:base`;
const temp = mkdtempSync(join(tmpdir(), 'lw-build-login-'));

before(async () => {
  // The base exists only on the registry: pushed with the login, then the local tag removed.
  const built = await buildImage(docker, { contextDir: contextWith(`FROM busybox:local\nRUN echo ${run} > /base-id\n`), dockerfile: join(temp, 'Dockerfile'), labels, builder: 'classic' });
  await tagImage(docker, built.imageId!, base);
  await pushImage(docker, base, { auth: { ...login, serveraddress: authRegistry } });
  await removeImage(docker, base);
});

after(async () => {
  await removeImage(docker, base).catch(() => undefined);
  await removeLabelled(docker, labels[TEST_LABEL]).catch(() => undefined);
  await deleteFromRegistry(base, login).catch(() => undefined);
  rmSync(temp, { recursive: true, force: true });
});

function contextWith(dockerfile: string): string {
  writeFileSync(join(temp, 'Dockerfile'), dockerfile);
  return temp;
}

describe('build pulls a base image that needs a login', { concurrency: 1 }, () => {
  for (const builder of ['classic', 'buildkit'] as const) {
    it(`${builder}: refused without the CLI's login, with a hint to log in; built with it`, async () => {
      const text = `FROM ${base}\nRUN cat /base-id\n`;
      const options = { contextDir: contextWith(text), dockerfile: join(temp, 'Dockerfile'), labels, builder };
      const refused = await buildImage(docker, { ...options, registryAuths: {} }).then(() => undefined, (e: unknown) => e);
      assert.ok(refused instanceof BuildError, `the build without a login should fail: ${String(refused)}`);
      const failure = describeFailure(await reportBuild(docker, refused.trace, { dockerfile: options.dockerfile, text, status: 'failed', error: refused.reason }));
      assert.match(failure?.headline ?? '', /cannot pull .*lw-build-login.*needs a login \(docker login\)/, `${refused.reason}\n${JSON.stringify(failure)}`);

      // The docker CLI's config, as `docker login` writes it.
      const config = mkdtempSync(join(temp, 'config-'));
      writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { [authRegistry]: { auth: Buffer.from(`${login.username}:${login.password}`).toString('base64') } } }));
      const auths = allRegistryAuths({ DOCKER_CONFIG: config });
      assert.deepEqual(Object.keys(auths), [authRegistry]);
      const lines: string[] = [];
      try {
        const built = await buildImage(docker, { ...options, registryAuths: auths, onOutput: (l) => lines.push(l) });
        assert.ok(built.imageId, lines.join('\n'));
        assert.ok(lines.some((l) => l.includes(run)), `the RUN printed the base's content:\n${lines.join('\n')}`);
      } finally {
        // The next builder must pull again.
        await removeImage(docker, base).catch(() => undefined);
      }
    });
  }

  it('buildkit: the session outlives the engine\'s health checks (a build started seconds after it opened)', async () => {
    const auths = { [authRegistry]: { ...login, serveraddress: authRegistry } };
    const session = await openAuthSession(docker, auths);
    try {
      // BuildKit checks a session every second and drops one that fails two checks in a row.
      await new Promise((resolve) => setTimeout(resolve, 5000));
      const context = await packContext(contextWith(`FROM ${base}\nRUN cat /base-id\n`), join(temp, 'Dockerfile'));
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => docker.modem.dial({
        path: '/build?', method: 'POST', file: context.stream, isStream: true,
        options: { version: '2', session: session.id, dockerfile: context.dockerfile, labels: JSON.stringify(labels) },
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      }, (error, result) => (error ? reject(error) : resolve(result as NodeJS.ReadableStream))));
      let imageId: string | undefined;
      await followMessages(stream, (m) => { if (m.id === 'moby.image.id' && typeof m.aux === 'object') imageId = m.aux?.ID; });
      assert.ok(imageId, 'the build pulled the base through the session and made an image');
    } finally {
      session.close();
      await removeImage(docker, base).catch(() => undefined);
    }
  });
});
