import { Redis } from 'ioredis';

/** A bounded round-trip to a dependency, on a connection of its own: false when it cannot serve. */
export interface Ping {
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * PING on a Redis connection used for nothing else, so readiness never waits behind published
 * messages or a subscriber's backlog. No offline queue: while Redis is down the ping fails at once;
 * ioredis reconnects in the background (every 100 ms to 1 s) and the next ping after that succeeds.
 */
export function openRedisPing(url: string, timeoutMs: number): Ping {
  const redis = new Redis(url, {
    connectionName: 'sportsbook-health',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: Math.max(timeoutMs, 500),
    retryStrategy: (attempt) => Math.min(100 * attempt, 1000),
  });
  redis.on('error', () => {});
  return {
    async ping() {
      let timer: NodeJS.Timeout | undefined;
      try {
        const answer = await Promise.race([
          // Just started or reconnecting: wait (within the timeout) for the connection to be ready.
          (redis.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => redis.once('ready', resolve))).then(() => redis.ping()),
          new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
        ]);
        return answer === 'PONG';
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** Always ready: the embedded mode has no Redis to wait for. */
export const NO_PING: Ping = { ping: async () => true, close: async () => {} };
