import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { log } from '../log';

/** One counter a reservation takes from: its key and how many the window allows. */
export interface LimitSlot {
  key: string;
  limit: number;
}

/** A reservation either took one from every slot (and may give it back) or took nothing. */
export type Reservation = { ok: true; release(): Promise<void> } | { ok: false; retryAfterMs: number };

/**
 * Fixed-window counters shared by every instance (Redis) or kept in process (embedded default).
 * A window starts with its first hit and lasts `windowMs`. Every method counts and decides in one
 * atomic step: there is no way to read a count and act on it later, because a read followed by a
 * write lets any number of concurrent callers pass between the two.
 */
export interface RateLimiter {
  /** Counts one hit; returns the count in the current window, this hit included, and when it ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /**
   * Counts one hit on each key, in order (a key listed twice counts twice), in one round trip: for
   * work that arrives together (a batch of placements). Each hit is atomic on its own, as `hit`.
   */
  hits(keys: readonly string[], windowMs: number): Promise<Array<{ count: number; resetInMs: number }>>;
  /**
   * Takes one from every slot if each is below its limit, or nothing at all (then says when the
   * fullest slot's window ends). A taken reservation can be released, for work that turned out
   * not to count (a sign-in that succeeded); a release after its window ended changes nothing.
   */
  reserve(slots: readonly LimitSlot[], windowMs: number): Promise<Reservation>;
  /** Forgets this process's counting windows that have ended; startJobs runs it every minute. */
  sweep(): void;
  close(): Promise<void>;
}

/** Limits kept in this process: exact for one instance, and what Redis falls back to. */
export function createMemoryRateLimiter(): RateLimiter {
  const windows = new Map<string, { count: number; endsAtMs: number; id: string }>();
  const current = (key: string) => {
    const w = windows.get(key);
    return w && w.endsAtMs > Date.now() ? w : null;
  };
  const open = (key: string, windowMs: number) => {
    let w = current(key);
    if (!w) windows.set(key, (w = { count: 0, endsAtMs: Date.now() + windowMs, id: randomUUID() }));
    return w;
  };
  return {
    // Each method runs to completion without awaiting, so JavaScript's single thread makes the
    // check and the count one step.
    async hit(key, windowMs) {
      const w = open(key, windowMs);
      w.count += 1;
      return { count: w.count, resetInMs: w.endsAtMs - Date.now() };
    },
    async hits(keys, windowMs) {
      return keys.map((key) => {
        const w = open(key, windowMs);
        w.count += 1;
        return { count: w.count, resetInMs: w.endsAtMs - Date.now() };
      });
    },
    async reserve(slots, windowMs) {
      const full = slots.map((s) => ({ slot: s, w: current(s.key) })).filter(({ slot, w }) => w && w.count >= slot.limit);
      if (full.length > 0) return { ok: false, retryAfterMs: Math.max(...full.map(({ w }) => w!.endsAtMs - Date.now())) };
      const taken = slots.map((s) => {
        const w = open(s.key, windowMs);
        w.count += 1;
        return { key: s.key, id: w.id };
      });
      return {
        ok: true,
        release: once(async () => {
          for (const { key, id } of taken) {
            const w = current(key);
            if (w && w.id === id && w.count > 0) w.count -= 1;
          }
        }),
      };
    },
    sweep() {
      const now = Date.now();
      for (const [key, w] of windows) if (w.endsAtMs <= now) windows.delete(key);
    },
    async close() {},
  };
}

// Counts and decides for every slot in one script: refuses (taking nothing) when any slot is at
// its limit, else takes one from each. Each window is a hash { n: count, w: window id }, so a
// release only gives back to the window it took from.
const RESERVE = `
local windowMs = tonumber(ARGV[1])
local newId = ARGV[2]
local blockedMs = -1
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('HGET', key, 'n') or '0')
  if count >= tonumber(ARGV[i + 2]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then ttl = windowMs end
    if ttl > blockedMs then blockedMs = ttl end
  end
end
if blockedMs >= 0 then return { 0, blockedMs } end
local ids = { 1 }
for i, key in ipairs(KEYS) do
  if redis.call('HSETNX', key, 'w', newId) == 1 then redis.call('PEXPIRE', key, windowMs) end
  redis.call('HINCRBY', key, 'n', 1)
  ids[i + 1] = redis.call('HGET', key, 'w')
end
return ids`;

const RELEASE = `
for i, key in ipairs(KEYS) do
  if redis.call('HGET', key, 'w') == ARGV[i] and tonumber(redis.call('HGET', key, 'n') or '0') > 0 then
    redis.call('HINCRBY', key, 'n', -1)
  end
end
return 1`;

// One command per hit (ioredis sends it by its SHA once Redis has the script): count, start the
// window on the first hit, and say when it ends.
const HIT = `local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`;

type LimitsRedis = Redis & {
  rateHit(key: string, windowMs: number): Promise<[number, number]>;
  rateReserve(numberOfKeys: number, ...args: Array<string | number>): Promise<Array<number | string>>;
  rateRelease(numberOfKeys: number, ...args: string[]): Promise<unknown>;
};

/**
 * Counters in Redis, shared by every instance. While Redis cannot be reached each instance counts
 * on its own (the in-process limiter) rather than refusing everyone or allowing everything: an
 * outage of the counter store must not stop the book, nor open sign-in to unlimited guessing. The
 * limits then hold per instance, and the health endpoint reports the outage.
 */
export async function createRedisRateLimiter(url: string, prefix: string): Promise<RateLimiter> {
  // No offline queue: while Redis is down a limit check answers at once instead of waiting.
  // Auto-pipelining: the hits of the requests an instance handles in one turn of the event loop
  // (one per GraphQL request, one pipeline per placement batch) go to Redis in one write.
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, enableAutoPipelining: true, connectionName: 'sportsbook-limits' }) as LimitsRedis;
  redis.on('error', () => {});
  redis.defineCommand('rateHit', { numberOfKeys: 1, lua: HIT });
  redis.defineCommand('rateReserve', { lua: RESERVE });
  redis.defineCommand('rateRelease', { lua: RELEASE });
  await redis.connect();
  const local = createMemoryRateLimiter();
  // Reservation windows are hashes, apart from the counters `hit` keeps as strings.
  const counterKey = (key: string) => `${prefix}rate:${key}`;
  const windowKey = (key: string) => `${prefix}hold:${key}`;
  let loggedAtMs = 0;
  const fallBack = (error: unknown) => {
    if (Date.now() - loggedAtMs > 10_000) {
      loggedAtMs = Date.now();
      log.warn({ err: error }, 'shared rate limits unavailable, counting on this instance');
    }
  };
  return {
    async hit(key, windowMs) {
      try {
        const [count, ttl] = await redis.rateHit(counterKey(key), windowMs);
        return { count, resetInMs: Math.max(0, ttl) };
      } catch (error) {
        fallBack(error);
        return local.hit(key, windowMs);
      }
    },
    async hits(keys, windowMs) {
      if (keys.length === 0) return [];
      let answers: Array<[Error | null, unknown]>;
      try {
        // One pipeline: one write to Redis and one wait for every key's script.
        const pipeline = redis.pipeline();
        for (const key of keys) (pipeline as unknown as LimitsRedis).rateHit(counterKey(key), windowMs);
        answers = (await pipeline.exec()) ?? [];
      } catch (error) {
        fallBack(error);
        return local.hits(keys, windowMs);
      }
      // Each key on its own: one Redis counted stays counted there, and only one it did not (a
      // script refused, or no answer) is counted on this instance, so no hit is counted twice.
      return Promise.all(
        keys.map(async (key, i) => {
          const [error, answer] = answers[i] ?? [new Error('no answer from Redis'), null];
          if (error) {
            fallBack(error);
            return local.hit(key, windowMs);
          }
          const [count, ttl] = answer as [number, number];
          return { count, resetInMs: Math.max(0, ttl) };
        }),
      );
    },
    async reserve(slots, windowMs) {
      const keys = slots.map((s) => windowKey(s.key));
      let answer: Array<number | string>;
      try {
        answer = await redis.rateReserve(keys.length, ...keys, windowMs, randomUUID(), ...slots.map((s) => s.limit));
      } catch (error) {
        fallBack(error);
        return local.reserve(slots, windowMs);
      }
      if (answer[0] !== 1) return { ok: false, retryAfterMs: Number(answer[1]) };
      const ids = answer.slice(1).map(String);
      return {
        ok: true,
        // A release that cannot reach Redis leaves the attempt counted: the safe side.
        release: once(async () => {
          await redis.rateRelease(keys.length, ...keys, ...ids).catch(fallBack);
        }),
      };
    },
    sweep: () => local.sweep(),
    async close() {
      await local.close();
      redis.disconnect();
    },
  };
}

/** A reservation's release: it gives back what it took the first time only. */
function once(release: () => Promise<void>): () => Promise<void> {
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await release();
  };
}
