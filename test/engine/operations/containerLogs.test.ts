// A container's logs followed across restarts, against the real engine: every run's output is
// shown once, in order, with a note per exit; no line of an earlier run comes back (the engine
// stamps a line when it reads it, which may be after the exit time it records).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { followContainerLogs } from '../../../src/engine/operations/containerLogs';
import { engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';
import { until } from '../../support/until';

const docker = engineClient();
const run = randomBytes(4).toString('hex');
const labels = { [TEST_LABEL]: `logs-follow-${run}` };

after(async () => { await removeLabelled(docker, labels[TEST_LABEL]); });

const count = (text: string, what: string): number => text.split(what).length - 1;

describe('following a container\'s logs', () => {
  // Without a TTY, as `docker run -d` makes them, and with one (`docker run -t`). Each run starts
  // right after the previous one's exit note: under load its start event can be older than the
  // engine's replay buffer by the time the follower subscribes, so it must look as well.
  for (const tty of [false, true]) {
    it(`shows each run's output once across restarts (${tty ? 'with' : 'without'} a TTY)`, async () => {
      // Each run prints its number (kept in the container's own file system) and exits at once.
      const script = `n=$(cat /tmp/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /tmp/n; echo "line-$n of ${run}"; exit 3`;
      const container = await docker.createContainer({ name: `lw-logs-follow-${tty ? 'tty' : 'plain'}-${run}`, Image: 'busybox:local', Cmd: ['sh', '-c', script], Tty: tty, Labels: labels });
      const abort = new AbortController();
      let transcript = '';
      const following = followContainerLogs(docker, container.id, { output: (t) => { transcript += t; }, note: (t) => { transcript += `[${t}]\n`; } }, abort.signal);
      try {
        for (let n = 1; n <= 3; n++) {
          await container.start();
          await until(`run ${n} and its exit`, () => transcript.includes(`line-${n} of ${run}`) && count(transcript, 'container exited (code 3)') === n, 60_000);
        }
        for (let n = 1; n <= 3; n++) assert.equal(count(transcript, `line-${n} of ${run}`), 1, `line ${n} once:\n${transcript}`);
        const order = [1, 2, 3].map((n) => transcript.indexOf(`line-${n} of ${run}`));
        assert.deepEqual([...order].sort((a, b) => a - b), order, transcript);
        assert.ok(!/^\d{4}-\d\d-\d\dT/m.test(transcript), `no engine timestamps shown:\n${transcript}`);
      } finally {
        abort.abort();
        await following.catch(() => undefined);
        await container.remove({ force: true }).catch(() => undefined);
      }
    });
  }
});
