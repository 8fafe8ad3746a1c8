// `docker run` options from one line: split without a shell, parsed, and turned into a
// create-container request that the real engine accepts and reports back the same way.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { createOptions, parseRunArgs, splitWords } from '../../../src/engine/operations/runOptions';
import { referenceProblem, registryOf, withDefaultTag } from '../../../src/engine/operations/reference';
import { dockerCli, engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';

const docker = engineClient();
const run = randomBytes(4).toString('hex');
after(() => removeLabelled(docker, `run-${run}`));

describe('run options', () => {
  it('splits words like a shell without expanding anything', () => {
    assert.deepEqual(splitWords(`-e "A=b c" -e 'D=$HOME' x\\ y "q\\"uote" ; rm`), ['-e', 'A=b c', '-e', 'D=$HOME', 'x y', 'q"uote', ';', 'rm']);
    assert.throws(() => splitWords('-e "open'), /unclosed/);
  });

  it('parses options, image and command, and refuses unknown options by name', () => {
    const r = parseRunArgs(splitWords('-dit --rm --name=web -p 8080:80 -e A=1 busybox:local sh -c "echo hi"'));
    assert.deepEqual([r.detach, r.interactive, r.tty, r.rm, r.name, r.ports, r.env, r.image, r.command], [true, true, true, true, 'web', ['8080:80'], ['A=1'], 'busybox:local', ['sh', '-c', 'echo hi']]);
    assert.throws(() => parseRunArgs(['--privileged', 'x']), /--privileged is not an option/);
    assert.throws(() => parseRunArgs(['-d']), /give the image/);
  });

  it('makes a create request the engine runs with the ports, env, volumes and labels asked for', async () => {
    const volume = `lw-run-vol-${run}`;
    const request = parseRunArgs(splitWords(`-d --name lw-run-${run} -l ${TEST_LABEL}=run-${run} -p 127.0.0.1::80 -p 9/udp -e "GREETING=hello world" -v ${volume}:/data -v /cache -w /data busybox:local sleep 30`));
    const options = createOptions(request, ['# comment\nFROM_FILE=yes\n']);
    await docker.createVolume({ Name: volume, Labels: { [TEST_LABEL]: `run-${run}` } });
    const container = await docker.createContainer(options);
    await container.start();
    const info = await container.inspect();
    assert.equal(info.Name, `/lw-run-${run}`);
    assert.ok(info.Config.Env.includes('GREETING=hello world') && info.Config.Env.includes('FROM_FILE=yes'));
    assert.equal(info.Config.WorkingDir, '/data');
    assert.deepEqual(info.Config.Cmd, ['sleep', '30']);
    assert.equal(info.NetworkSettings.Ports['80/tcp']?.[0]?.HostIp, '127.0.0.1');
    assert.ok('9/udp' in info.Config.ExposedPorts!);
    const mounts = info.Mounts.map((m) => `${m.Type}:${m.Type === 'volume' && m.Name === volume ? m.Name : '?'}:${m.Destination}`).sort();
    assert.deepEqual(mounts, ['volume:?:/cache', `volume:${volume}:/data`]);
  });

  it('accepts and refuses image references as the docker CLI does', () => {
    const candidates = [
      `lw-ref-${run}`, `lw-ref-${run}:1.0`, `127.0.0.1:5000/lw-ref-${run}/app:v_1`, `localhost/lw-ref-${run}`, `lw__ref-${run}`, `lw.ref-${run}:x-y.z`,
      `Lw-Ref-${run}`, `lw-ref-${run}:bad tag`, `lw-ref-${run}:`, `-lw-ref-${run}`, `lw-ref-${run}:${'x'.repeat(129)}`, `lw-ref-${run}:.dot`, `lw-ref-${run}/`,
    ];
    for (const candidate of candidates) {
      const cli = dockerCli(['tag', 'busybox:local', candidate]);
      if (cli.status === 0) dockerCli(['rmi', withDefaultTag(candidate)]); // untag only
      assert.equal(referenceProblem(candidate) === undefined, cli.status === 0, `${candidate}: ${referenceProblem(candidate) ?? 'accepted'} / docker: ${cli.stderr.trim() || 'accepted'}`);
    }
    assert.match(referenceProblem(`Lw-Ref-${run}`) ?? '', /lowercase/);
    assert.equal(registryOf('team/app'), 'docker.io');
    assert.equal(registryOf('localhost/app'), 'localhost');
    assert.equal(registryOf('127.0.0.1:5000/app'), '127.0.0.1:5000');
  });
});
