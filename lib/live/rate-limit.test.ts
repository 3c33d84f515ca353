import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../../e2e/support/services';
import { createRedisRateLimiter, type RateLimiter } from './rate-limit';

const opened: RateLimiter[] = [];
const limiter = async (prefix: string) => {
  const created = await createRedisRateLimiter(TEST_REDIS_URL, prefix, () => {});
  opened.push(created);
  return created;
};
after(async () => {
  for (const l of opened) await l.close();
});

describe('Rate limits in Redis', () => {
  it('count hits in a window that starts with the first hit, shared by every instance', async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = await Promise.all([limiter(prefix), limiter(prefix)]);
    const first = await a.hit('bets:u1', 60_000);
    const second = await b.hit('bets:u1', 60_000);
    assert.equal(first.count, 1);
    assert.equal(second.count, 2);
    assert.ok(second.resetInMs > 59_000 && second.resetInMs <= 60_000, `window ends in ${second.resetInMs} ms`);
    assert.deepEqual(await a.hit('bets:u2', 60_000).then((w) => w.count), 1, 'another key counts apart');
    assert.equal((await b.peek('bets:u1')).count, 2, 'peeking does not count');
  });

  it('start a new window once the old one has ended', async () => {
    const l = await limiter(uniqueRedisPrefix());
    await l.hit('req:user:x', 100);
    await l.hit('req:user:x', 100);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const next = await l.hit('req:user:x', 100);
    assert.equal(next.count, 1);
    assert.ok(next.resetInMs > 0 && next.resetInMs <= 100);
  });

  it('allow (count zero) while Redis cannot be reached, rather than refusing everyone', async () => {
    const l = await limiter(uniqueRedisPrefix());
    await l.close();
    assert.deepEqual(await l.hit('bets:u1', 60_000), { count: 0, resetInMs: 0 });
  });
});
