import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../../e2e/support/services';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limit';

const opened: RateLimiter[] = [];
const limiter = async (prefix: string) => {
  const created = await createRedisRateLimiter(TEST_REDIS_URL, prefix);
  opened.push(created);
  return created;
};
const memory = () => {
  const created = createMemoryRateLimiter();
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
  });

  it('count a batch of hits in order, a key listed twice counted twice, shared with single hits on another instance', async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = await Promise.all([limiter(prefix), limiter(prefix)]);
    await b.hit('bets:u1', 60_000);
    const windows = await a.hits(['bets:u1', 'bets:u2', 'bets:u1'], 60_000);
    assert.deepEqual(windows.map((w) => w.count), [2, 1, 3]);
    assert.ok(windows.every((w) => w.resetInMs > 59_000 && w.resetInMs <= 60_000));
    assert.equal((await b.hit('bets:u2', 60_000)).count, 2);
    assert.deepEqual(await a.hits([], 60_000), []);
  });

  it('answer the keys Redis counted from Redis when another key of the batch fails there, and count only that one on the instance', async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = await Promise.all([limiter(prefix), limiter(prefix)]);
    for (let i = 0; i < 3; i++) await b.hit('bets:u1', 60_000);
    // A counter key Redis cannot count (a hash where a number should be): that key's script fails alone.
    const admin = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      await admin.hset(`${prefix}rate:bets:broken`, 'x', '1');
      const windows = await a.hits(['bets:u1', 'bets:broken', 'bets:u1'], 60_000);
      assert.deepEqual(windows.map((w) => w.count), [4, 1, 5], "the healthy key's window as every instance counts it");
      assert.equal((await b.hit('bets:u1', 60_000)).count, 6, 'counted once each, in Redis');
    } finally {
      admin.disconnect();
    }
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

  it('grant exactly the limit of 40 reservations made at once on two instances, and refuse the rest with when to retry', async () => {
    const prefix = uniqueRedisPrefix();
    const [a, b] = await Promise.all([limiter(prefix), limiter(prefix)]);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).reserve([{ key: 'signin:user:x', limit: 10 }], 60_000)));
    assert.equal(answers.filter((r) => r.ok).length, 10);
    const refused = answers.filter((r) => !r.ok);
    assert.equal(refused.length, 30);
    for (const r of refused) assert.ok(r.retryAfterMs > 50_000 && r.retryAfterMs <= 60_000, `retry after ${r.retryAfterMs} ms`);
  });

  it('take from every slot or from none, and give back only to the window taken from', async () => {
    const l = await limiter(uniqueRedisPrefix());
    const both = [
      { key: 'user', limit: 5 },
      { key: 'addr', limit: 2 },
    ];
    const first = await l.reserve(both, 60_000);
    const second = await l.reserve(both, 60_000);
    assert.ok(first.ok && second.ok);
    assert.equal((await l.reserve(both, 60_000)).ok, false, 'the address slot is full');
    // The refused reservation took nothing from the user slot: three more fit there alone.
    for (let i = 0; i < 3; i++) assert.equal((await l.reserve([{ key: 'user', limit: 5 }], 60_000)).ok, true);
    assert.equal((await l.reserve([{ key: 'user', limit: 5 }], 60_000)).ok, false);
    await first.release();
    await first.release();
    assert.equal((await l.reserve([{ key: 'addr', limit: 2 }], 60_000)).ok, true, 'a release frees one place, once');
    assert.equal((await l.reserve([{ key: 'addr', limit: 2 }], 60_000)).ok, false);

    const old = await l.reserve([{ key: 'short', limit: 1 }], 100);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const fresh = await l.reserve([{ key: 'short', limit: 1 }], 60_000);
    assert.ok(old.ok && fresh.ok);
    await old.release();
    assert.equal((await l.reserve([{ key: 'short', limit: 1 }], 60_000)).ok, false, "an old window's release leaves the new window alone");
  });

  it('count on each instance while Redis cannot be reached, rather than allowing everything', async () => {
    const l = await limiter(uniqueRedisPrefix());
    await l.close();
    assert.deepEqual((await l.hit('bets:u1', 60_000)).count, 1);
    assert.deepEqual((await l.hit('bets:u1', 60_000)).count, 2);
    const answers = await Promise.all(Array.from({ length: 5 }, () => l.reserve([{ key: 'signin:user:y', limit: 3 }], 60_000)));
    assert.equal(answers.filter((r) => r.ok).length, 3);
  });
});

describe('Rate limits in process', () => {
  it('count a batch of hits in order, a key listed twice counted twice', async () => {
    const l = memory();
    await l.hit('bets:u1', 60_000);
    assert.deepEqual((await l.hits(['bets:u1', 'bets:u2', 'bets:u1'], 60_000)).map((w) => w.count), [2, 1, 3]);
  });

  it('grant exactly the limit of reservations made at once, and give a place back on release', async () => {
    const l = memory();
    const answers = await Promise.all(Array.from({ length: 40 }, () => l.reserve([{ key: 'k', limit: 10 }], 60_000)));
    assert.equal(answers.filter((r) => r.ok).length, 10);
    const granted = answers.find((r) => r.ok)!;
    assert.ok(granted.ok);
    await granted.release();
    assert.equal((await l.reserve([{ key: 'k', limit: 10 }], 60_000)).ok, true);
    assert.equal((await l.reserve([{ key: 'k', limit: 10 }], 60_000)).ok, false);
  });
});
