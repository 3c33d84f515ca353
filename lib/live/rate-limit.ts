import { Redis } from 'ioredis';

/**
 * Fixed-window counters shared by every instance (Redis) or kept in process (embedded default).
 * A window starts with its first hit and lasts `windowMs`.
 */
export interface RateLimiter {
  /** Counts one hit; returns the count in the current window and when the window ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** The count in the current window without counting. */
  peek(key: string): Promise<{ count: number; resetInMs: number }>;
  close(): Promise<void>;
}

export function createMemoryRateLimiter(): RateLimiter {
  const windows = new Map<string, { count: number; endsAtMs: number }>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, w] of windows) if (w.endsAtMs <= now) windows.delete(key);
  }, 60_000);
  sweep.unref();
  const current = (key: string) => {
    const w = windows.get(key);
    return w && w.endsAtMs > Date.now() ? w : null;
  };
  return {
    async hit(key, windowMs) {
      let w = current(key);
      if (!w) windows.set(key, (w = { count: 0, endsAtMs: Date.now() + windowMs }));
      w.count += 1;
      return { count: w.count, resetInMs: w.endsAtMs - Date.now() };
    },
    async peek(key) {
      const w = current(key);
      return { count: w?.count ?? 0, resetInMs: w ? w.endsAtMs - Date.now() : 0 };
    },
    async close() {
      clearInterval(sweep);
    },
  };
}

/**
 * Counters in Redis, shared by every instance. While Redis cannot be reached the limiter fails
 * open (counts zero) rather than refusing bets and sign-ins: an outage of the counter store must
 * not stop the book, and the health endpoint reports it.
 */
export async function createRedisRateLimiter(url: string, prefix: string, log: (m: string) => void = (m) => console.error(m)): Promise<RateLimiter> {
  // No offline queue: while Redis is down a limit check answers at once instead of waiting.
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectionName: 'sportsbook-limits' }) as Redis & {
    rateHit(key: string, windowMs: number): Promise<unknown>;
  };
  redis.on('error', () => {});
  // One command per hit (ioredis sends it by its SHA once Redis has the script): count, start the
  // window on the first hit, and say when it ends.
  redis.defineCommand('rateHit', {
    numberOfKeys: 1,
    lua: `local count = redis.call('INCR', KEYS[1])
      local ttl = redis.call('PTTL', KEYS[1])
      if ttl < 0 then
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        ttl = tonumber(ARGV[1])
      end
      return { count, ttl }`,
  });
  await redis.connect();
  const k = (key: string) => `${prefix}rate:${key}`;
  let loggedAtMs = 0;
  const open = (error: unknown) => {
    if (Date.now() - loggedAtMs > 10_000) {
      loggedAtMs = Date.now();
      log(`rate limits unavailable, allowing: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { count: 0, resetInMs: 0 };
  };
  return {
    async hit(key, windowMs) {
      try {
        const [count, ttl] = (await redis.rateHit(k(key), windowMs)) as [number, number];
        return { count, resetInMs: Math.max(0, ttl) };
      } catch (error) {
        return open(error);
      }
    },
    async peek(key) {
      try {
        const [[, count], [, ttl]] = (await redis.multi().get(k(key)).pttl(k(key)).exec()) as Array<[unknown, string | number | null]>;
        return { count: Number(count ?? 0), resetInMs: Math.max(0, Number(ttl)) };
      } catch (error) {
        return open(error);
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}
