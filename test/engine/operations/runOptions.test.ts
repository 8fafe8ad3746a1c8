// `docker run` options from one line: split without a shell, read as the docker CLI reads its
// flags, checked before anything is created, and turned into a create-container request. The
// truth is the CLI itself: the same line through `docker create` (argv arrays) must give the same
// HostConfig.PortBindings, Config.ExposedPorts and binds, and what the CLI (or the engine behind
// it) refuses we refuse, in its words.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { parsePublish, publishExposed } from '../../../src/engine/operations/portSpec';
import { createOptions, parseEnvFile, parseRunArgs, requestProblem, runLineProblem, splitWords } from '../../../src/engine/operations/runOptions';
import { referenceProblem, registryOf, withDefaultTag } from '../../../src/engine/operations/reference';
import { dockerCli, engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';

const docker = engineClient();
const run = randomBytes(4).toString('hex');
const label = `${TEST_LABEL}=run-${run}`;
const cwd = mkdtempSync(join(tmpdir(), 'lw-run-'));
after(async () => {
  await removeLabelled(docker, `run-${run}`);
  rmSync(cwd, { recursive: true, force: true });
});

interface Created {
  bindings: unknown;
  exposed: unknown;
  binds: unknown;
  publishAll: unknown;
}

async function created(id: string): Promise<Created> {
  const info = await docker.getContainer(id).inspect();
  const sorted = (o: Record<string, unknown> | null | undefined): Record<string, unknown> => Object.fromEntries(Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  return {
    bindings: sorted(info.HostConfig.PortBindings as Record<string, unknown>),
    exposed: sorted(info.Config.ExposedPorts as Record<string, unknown>),
    binds: info.HostConfig.Binds ?? [],
    publishAll: info.HostConfig.PublishAllPorts,
  };
}

/** The same options, created once by the docker CLI and once from our request; both as the engine holds them. */
async function bothWays(options: string[]): Promise<{ cli: Created; ours: Created }> {
  const cli = dockerCli(['create', '--label', label, ...options, 'busybox:local', 'true'], { cwd });
  assert.equal(cli.status, 0, `docker create ${options.join(' ')}: ${cli.stderr}`);
  const request = parseRunArgs(['--label', label, ...options, 'busybox:local', 'true']);
  assert.equal(requestProblem(request, { cwd }), undefined, options.join(' '));
  const container = await docker.createContainer(createOptions(request, [], { cwd }) as Docker.ContainerCreateOptions);
  return { cli: await created(cli.stdout.trim()), ours: await created(container.id) };
}

describe('run options', () => {
  it('splits words like a shell without expanding anything', () => {
    assert.deepEqual(splitWords(`-e "A=b c" -e 'D=$HOME' x\\ y "q\\"uote" ; rm`), ['-e', 'A=b c', '-e', 'D=$HOME', 'x y', 'q"uote', ';', 'rm']);
    assert.throws(() => splitWords('-e "open'), /unclosed/);
  });

  it('reads flags as the CLI does: grouped short flags, attached values, --flag=value, and stops at the image', () => {
    const r = parseRunArgs(splitWords('-dit --rm --name=web -p8080:80 -p=9090:90 -eA=1 -P busybox:local sh -c "echo hi" -p 1'));
    assert.deepEqual([r.detach, r.interactive, r.tty, r.rm, r.publishAll, r.name, r.ports, r.env, r.image, r.command],
      [true, true, true, true, true, 'web', ['8080:80', '9090:90'], ['A=1'], 'busybox:local', ['sh', '-c', 'echo hi', '-p', '1']]);
    assert.equal(parseRunArgs(['--rm=false', 'x']).rm, false);
    assert.throws(() => parseRunArgs(['--privileged', 'x']), /--privileged is a docker run option Layerwise does not run/);
    assert.throws(() => parseRunArgs(['-d']), /requires at least 1 argument/);
    assert.throws(() => parseRunArgs(['--name']), /flag needs an argument: --name/);
  });

  it('reads env files as the CLI does: leading blanks and comments skipped, trailing blanks kept, a bare name taken from the environment', () => {
    assert.deepEqual(parseEnvFile('\uFEFF# c\n  A=1 \n\nB\nC\n', { B: 'from-env' }), ['A=1 ', 'B=from-env']);
    assert.throws(() => parseEnvFile('MY VAR=1\n'), /variable 'MY VAR' contains whitespaces/);
  });

  it('gives exactly the port bindings `docker create -p` gives, for every form the CLI takes', async () => {
    const forms = [
      ['-p', '8080'], ['-p', '18093:8080'], ['-p', '127.0.0.1:18093:8080'], ['-p', '127.0.0.1::8080'], ['-p', '[::1]:80:80'], ['-p', '::1:81:81'],
      ['-p', '[::1]::82'], ['-p', '8000-8005:8000-8005'], ['-p', '9000-9002:9000-9002/udp'], ['-p', '53/udp'], ['-p', '7000/sctp'], ['-p', '80/UDP'], ['-p', '81/'],
      ['-p', '8100-8105:80'], ['-p', '8200-8202'], ['-p', '127.0.0.1:8300-8301:8300-8301/tcp'], ['-p', '0.0.0.0:8400:80', '-p', '127.0.0.1:8401:80'],
      ['-p', 'published=8500,target=80'], ['-p', 'target=81,published=8501,protocol=udp'], ['-p', 'target=82'], ['--publish=8600:80'], ['-p8700:80'],
      ['-P', '--expose', '9100'], ['--expose', '9200-9202/udp'], ['-p', '8800:80', '--expose', '80'],
    ];
    for (const form of forms) {
      const { cli, ours } = await bothWays(form);
      assert.deepEqual(ours, cli, form.join(' '));
    }
    // The bug this started from: the host port was taken for an address.
    assert.deepEqual(parsePublish('18093:8080'), [{ key: '8080/tcp', binding: { HostIp: '', HostPort: '18093' } }]);
  });

  it('gives the binds and anonymous volumes `docker create -v` gives, relative host folders from the working folder', async () => {
    const volume = `lw-run-vol-${run}`;
    await docker.createVolume({ Name: volume, Labels: { [TEST_LABEL]: `run-${run}` } });
    const { cli, ours } = await bothWays(['-v', `${volume}:/data:ro`, '-v', `${cwd}:/src:rw,z`, '-v', './sub:/sub', '-v', '/cache']);
    // The CLI collects -v in a map, so its order is any order.
    const sorted = (binds: unknown): string[] => [...(binds as string[])].sort();
    assert.deepEqual(sorted(ours.binds), sorted(cli.binds));
    assert.deepEqual(ours.binds, [`${volume}:/data:ro`, `${cwd}:/src:rw,z`, `${join(cwd, 'sub')}:/sub`]);
  });

  it('refuses what the CLI or the engine refuses, in their words, before creating anything', () => {
    writeFileSync(join(cwd, 'app.env'), 'A=1\n');
    const refused: Array<[string[], RegExp]> = [
      [['-p', '99999:8080'], /invalid hostPort: 99999/],
      [['-p', '8080:99999'], /invalid containerPort: 99999/],
      [['-p', '8000-8005:9000-9001'], /invalid ranges specified for container and host Ports: 9000-9001 and 8000-8005/],
      [['-p', '8000-7000'], /invalid containerPort: 8000-7000/],
      [['-p', '127.0.0.1:80'], /invalid hostPort: 127.0.0.1/],
      [['-p', '1.2.3:80:80'], /invalid IP address: 1.2.3/],
      [['-p', '01.2.3.4:80:80'], /invalid IP address: 01.2.3.4/],
      [['-p', 'fe80::1%eth0:80:80'], /invalid IP address: fe80::1%eth0/],
      [['-p', '/udp'], /no port specified: \/udp<empty>/],
      [['-p', ''], /no port specified: <empty>/],
      [['-p', '80/xyz'], /invalid proto: xyz/],
      [['-p', 'x'], /invalid containerPort: x/],
      [['-p', 'target'], /invalid publish opts format|invalid containerPort/],
      [['--expose', '80:80'], /invalid port format for --expose: 80:80/],
      [['--name', 'a'], /Invalid container name \(a\), only \[a-zA-Z0-9\]\[a-zA-Z0-9_.-\] are allowed/],
      [['--name', '-x'], /Invalid container name \(-x\)/],
      [['--name', 'a b'], /Invalid container name \(a b\)/],
      [['--env-file', 'missing.env'], /open .*missing\.env: no such file or directory/],
      [['-e', '=x'], /invalid environment variable: =x/],
      [['-l', ''], /invalid label '': empty name/],
      [['-v', ''], /invalid empty volume spec/],
      [['-v', ':/x'], /invalid spec: :\/x: empty section between colons/],
      [['-v', 'a:b:c:d'], /invalid volume specification: 'a:b:c:d'|too many colons/],
      [['-v', '/a:b'], /invalid mount path: 'b' mount path must be absolute/],
      [['-v', 'relative:/x:zz'], /invalid mode: zz/],
      [['-v', '/x:ro'], /invalid volume specification: '\/x:ro'/],
      [['-v', 'a#:/x'], /"a#" includes invalid characters for a local volume name/],
      [['-v', '/tmp:/'], /destination can't be '\/'/],
      [['-w', 'rel'], /the working directory 'rel' is invalid, it needs to be an absolute path/],
      [['--bogus'], /unknown flag: --bogus/],
      [['-z'], /unknown shorthand flag: 'z' in -z/],
    ];
    for (const [options, wording] of refused) {
      const line = [...options.map((o) => (o === '' ? '""' : o.includes(' ') ? `"${o}"` : o)), 'busybox:local', 'true'].join(' ');
      const ours = runLineProblem(line, { cwd });
      assert.match(ours ?? 'accepted', wording, `ours: ${line}`);
      const cli = dockerCli(['create', '--label', label, ...options, 'busybox:local', 'true'], { cwd });
      assert.notEqual(cli.status, 0, `docker create accepted ${options.join(' ')}`);
      assert.match(cli.stderr, wording, `docker: ${options.join(' ')}`);
    }
    // Port 0 publishes nothing useful (the CLI takes it): refused here, with the range in the message.
    assert.match(runLineProblem('-p 0:80 busybox:local', { cwd }) ?? '', /invalid hostPort: 0 \(ports are 1-65535/);
    assert.equal(runLineProblem('--env-file app.env -v ./sub:/sub --name web-1 -p 127.0.0.1::80 busybox:local', { cwd }), undefined);
  });

  it('offers an image\'s exposed ports as -p on the same host port', () => {
    assert.deepEqual(publishExposed(['8080/tcp', '53/udp', '7000/sctp']), ['8080:8080', '53:53/udp', '7000:7000/sctp']);
  });

  it('makes a create request the engine runs with the name, env, workdir, command, volumes and labels asked for', async () => {
    const volume = `lw-run-vol2-${run}`;
    const request = parseRunArgs(splitWords(`-d --name lw-run-${run} -l ${label} -l lw.extra=yes -p 127.0.0.1::80 -p 9/udp -e "GREETING=hello world" -v ${volume}:/data -v /cache -w /data busybox:local sleep 30`));
    const options = createOptions(request, ['# comment\nFROM_FILE=yes\n']);
    await docker.createVolume({ Name: volume, Labels: { [TEST_LABEL]: `run-${run}` } });
    const container = await docker.createContainer(options);
    await container.start();
    const info = await container.inspect();
    assert.equal(info.Name, `/lw-run-${run}`);
    assert.equal(info.Config.Labels[TEST_LABEL], `run-${run}`);
    assert.equal(info.Config.Labels['lw.extra'], 'yes');
    assert.ok(info.Config.Env.includes('GREETING=hello world') && info.Config.Env.includes('FROM_FILE=yes'));
    assert.equal(info.Config.WorkingDir, '/data');
    assert.deepEqual(info.Config.Cmd, ['sleep', '30']);
    assert.equal(info.NetworkSettings.Ports['80/tcp']?.[0]?.HostIp, '127.0.0.1');
    assert.ok('9/udp' in info.Config.ExposedPorts!);
    const mounts = info.Mounts.map((m) => `${m.Type}:${m.Type === 'volume' && m.Name === volume ? m.Name : '?'}:${m.Destination}`).sort();
    assert.deepEqual(mounts, ['volume:?:/cache', `volume:${volume}:/data`]);
  });

  it('publishes HOST:CONTAINER on that host port once started', async () => {
    // A free port, found by the engine itself, then asked for explicitly.
    const probe = await docker.createContainer(createOptions(parseRunArgs(['-l', label, '-p', '127.0.0.1::80', 'busybox:local', 'sleep', '30'])));
    await probe.start();
    const free = (await probe.inspect()).NetworkSettings.Ports['80/tcp']![0]!.HostPort;
    await probe.remove({ force: true });
    const c = await docker.createContainer(createOptions(parseRunArgs(['-l', label, '-p', `127.0.0.1:${free}:80`, 'busybox:local', 'sleep', '30'])));
    await c.start();
    assert.equal((await c.inspect()).NetworkSettings.Ports['80/tcp']?.[0]?.HostPort, free);
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
