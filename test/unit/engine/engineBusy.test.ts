// An operation the engine runs one at a time (a prune: 409 "a prune operation is already running";
// disk usage: 500 "a disk usage operation is already running") waits for the one running and tries
// again; every other error goes to the caller at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEngineBusy, retryWhileEngineBusy } from '../../../src/engine/engineBusy';

/** The error docker-modem gives for the engine's answer. */
function engineError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode });
}

test('a prune already running is waited for, then ours runs', async () => {
  let calls = 0;
  const waits: number[] = [];
  const result = await retryWhileEngineBusy(async () => {
    if (++calls < 4) throw engineError(409, 'a prune operation is already running');
    return 'pruned';
  }, { sleep: async (ms) => { waits.push(ms); } });
  assert.equal(result, 'pruned');
  assert.equal(calls, 4);
  assert.deepEqual(waits, [100, 200, 400]);
});

test('a disk usage already running (500 on a 20.10 engine) is waited for, then ours runs', async () => {
  let calls = 0;
  const result = await retryWhileEngineBusy(async () => {
    if (++calls < 3) throw engineError(500, 'server error - a disk usage operation is already running');
    return { Volumes: [] };
  }, { sleep: async () => undefined });
  assert.deepEqual(result, { Volumes: [] });
  assert.equal(calls, 3);
});

test('the waits grow to 2 s and stay there', async () => {
  const waits: number[] = [];
  let calls = 0;
  await retryWhileEngineBusy(async () => {
    if (++calls < 9) throw engineError(409, 'a prune operation is already running');
    return undefined;
  }, { sleep: async (ms) => { waits.push(ms); } });
  assert.deepEqual(waits, [100, 200, 400, 800, 1600, 2000, 2000, 2000]);
});

test('other errors, and an engine still busy at the deadline, reach the caller', async () => {
  let calls = 0;
  await assert.rejects(retryWhileEngineBusy(async () => { calls++; throw engineError(500, 'server error'); }, { sleep: async () => undefined }), /server error/);
  assert.equal(calls, 1);
  await assert.rejects(retryWhileEngineBusy(async () => { throw engineError(409, 'a prune operation is already running'); }, { deadlineMs: 0, sleep: async () => undefined }), /already running/);
  assert.equal(isEngineBusy(engineError(409, 'conflict: unable to remove repository reference')), false);
  // The text alone is not enough: a 404 or a plain Error with those words is someone else's.
  assert.equal(isEngineBusy(engineError(404, 'a disk usage operation is already running')), false);
  assert.equal(isEngineBusy(new Error('a prune operation is already running')), false);
});

test('an abort stops the waiting: the refusal goes to the caller', async () => {
  const abort = new AbortController();
  let calls = 0;
  await assert.rejects(retryWhileEngineBusy(async () => {
    calls++;
    throw engineError(500, 'a disk usage operation is already running');
  }, { signal: abort.signal, sleep: async () => { abort.abort(); } }), /disk usage operation is already running/);
  assert.equal(calls, 2);
});
