import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { every } from './every';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

describe('every (the scheduler of background jobs)', () => {
  it('runs the task again and again, never two runs at once', async () => {
    let runs = 0;
    let inFlight = 0;
    let most = 0;
    const job = every(5, async () => {
      runs += 1;
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(15);
      inFlight -= 1;
    }, (error) => assert.fail(String(error)));
    await until('three runs', () => runs >= 3);
    void job.now();
    void job.now();
    await job.stop();
    assert.equal(most, 1);
  });

  it('stop waits for the run in flight and then runs nothing more', async () => {
    let finished = 0;
    let started = 0;
    const job = every(1, async () => {
      started += 1;
      await sleep(100);
      finished += 1;
    }, (error) => assert.fail(String(error)), { immediately: true });
    assert.equal(started, 1);
    await job.stop();
    assert.equal(finished, 1, 'the run in flight ended before stop resolved');
    await sleep(50);
    assert.equal(started, 1);
    await job.now();
    assert.equal(started, 1, 'now() after stop runs nothing');
  });

  it('now() runs once after the run in flight, and calls made meanwhile share that run', async () => {
    const order: string[] = [];
    let n = 0;
    const job = every(60_000, async () => {
      const run = ++n;
      order.push(`start ${run}`);
      await sleep(30);
      order.push(`end ${run}`);
    }, (error) => assert.fail(String(error)), { immediately: true });
    await Promise.all([job.now(), job.now(), job.now()]);
    assert.deepEqual(order, ['start 1', 'end 1', 'start 2', 'end 2']);
    await job.stop();
  });

  it('hands a failed run to onError and runs again at the next interval', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const job = every(5, async () => {
      runs += 1;
      if (runs === 1) throw new Error('first run fails');
    }, (error) => errors.push(error), { immediately: true });
    await until('a second run', () => runs >= 2);
    await job.stop();
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /first run fails/);
  });

  it('at a steady rate, starts each run an interval after the previous one started, not after it ended', async () => {
    const startsMs: number[] = [];
    const job = every(350, async () => {
      startsMs.push(performance.now());
      await sleep(300);
    }, (error) => assert.fail(String(error)), { pace: 'rate', immediately: true });
    await until('two runs', () => startsMs.length >= 2);
    await job.stop();
    // Paced by gaps, the second run could not start before 300 ms of run plus 350 ms of interval.
    assert.ok(startsMs[1] - startsMs[0] < 650, `the second run started ${Math.round(startsMs[1] - startsMs[0])} ms after the first`);
  });
});
