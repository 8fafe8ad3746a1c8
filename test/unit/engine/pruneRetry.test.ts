// A prune that meets another client's prune (HTTP 409 "a prune operation is already running")
// waits and tries again; every other error goes to the caller at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPruneRunning, retryWhilePruneRunning } from '../../../src/engine/operations/pruneRetry';

/** The error docker-modem gives for the engine's 409 answer. */
function engineError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode });
}

test('a prune already running is waited for, then ours runs', async () => {
  let calls = 0;
  const waits: number[] = [];
  const result = await retryWhilePruneRunning(async () => {
    if (++calls < 4) throw engineError(409, 'a prune operation is already running');
    return 'pruned';
  }, { sleep: async (ms) => { waits.push(ms); } });
  assert.equal(result, 'pruned');
  assert.equal(calls, 4);
  assert.deepEqual(waits, [100, 200, 400]);
});

test('other errors, and a prune still running at the deadline, reach the caller', async () => {
  let calls = 0;
  await assert.rejects(retryWhilePruneRunning(async () => { calls++; throw engineError(500, 'server error'); }, { sleep: async () => undefined }), /server error/);
  assert.equal(calls, 1);
  await assert.rejects(retryWhilePruneRunning(async () => { throw engineError(409, 'a prune operation is already running'); }, { deadlineMs: 0, sleep: async () => undefined }), /already running/);
  assert.equal(isPruneRunning(engineError(409, 'conflict: unable to remove repository reference')), false);
});
