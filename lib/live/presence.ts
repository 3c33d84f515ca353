import { Redis } from 'ioredis';

/**
 * Who is in each event's room. Locally: per event, the set of members (one per connection, however
 * many subscriptions it holds). Across instances (Redis): each instance writes its counts to a hash
 * that expires unless refreshed, and lists itself in a heartbeat sorted set, so a crashed
 * instance's people drop out within `staleMs`.
 */
export interface Presence {
  /** Adds a member to a room; the returned function removes it (idempotent). */
  join(eventId: string, memberId: string): () => void;
  /** People in the room across all live instances (cached for a second: many readers, one count). */
  count(eventId: string): Promise<number>;
  /** Remembers that a signed-in person (shown masked) entered the room. */
  recordJoiner(eventId: string, name: string): void;
  /** The last people who entered the room, newest first (masked names, up to 20). */
  recentJoiners(eventId: string): Promise<string[]>;
  /** Calls back when this instance's members of a room change, or (on heartbeat) a room's total may have. */
  onChange(listener: (eventId: string) => void): () => void;
  /**
   * Tells the other instances this one is alive and how many it has in each room, then lets
   * listeners re-count (others may have gained or lost people, or died). startJobs runs it every
   * HEARTBEAT_MS; never rejects.
   */
  heartbeat(): Promise<void>;
  close(): Promise<void>;
}

/** How often each instance runs its presence heartbeat; a third of how long its counts are trusted. */
export const HEARTBEAT_MS = 3000;

class LocalRooms {
  readonly rooms = new Map<string, Map<string, number>>();
  readonly listeners = new Set<(eventId: string) => void>();

  private changed(eventId: string) {
    for (const listener of this.listeners) listener(eventId);
  }

  onChange(listener: (eventId: string) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  join(eventId: string, memberId: string): () => void {
    let room = this.rooms.get(eventId);
    if (!room) this.rooms.set(eventId, (room = new Map()));
    const before = room.size;
    room.set(memberId, (room.get(memberId) ?? 0) + 1);
    if (room.size !== before) this.changed(eventId);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const current = this.rooms.get(eventId);
      const n = (current?.get(memberId) ?? 1) - 1;
      if (!current) return;
      if (n > 0) current.set(memberId, n);
      else {
        current.delete(memberId);
        this.changed(eventId);
      }
      if (current.size === 0) this.rooms.delete(eventId);
    };
  }

  count(eventId: string): number {
    return this.rooms.get(eventId)?.size ?? 0;
  }
}

/** Presence for a single process (the embedded default). */
const JOINERS_KEPT = 20;

export function createMemoryPresence(): Presence {
  const rooms = new LocalRooms();
  const joiners = new Map<string, string[]>();
  return {
    recordJoiner(eventId, name) {
      const list = [name, ...(joiners.get(eventId) ?? []).filter((n) => n !== name)].slice(0, JOINERS_KEPT);
      joiners.set(eventId, list);
    },
    recentJoiners: async (eventId) => joiners.get(eventId) ?? [],
    join: (eventId, memberId) => rooms.join(eventId, memberId),
    count: async (eventId) => rooms.count(eventId),
    onChange: (listener) => rooms.onChange(listener),
    heartbeat: async () => {},
    close: async () => {},
  };
}

/** Presence shared through Redis by every instance. */
export function createRedisPresence(
  url: string,
  prefix: string,
  instanceId: string,
  options: { staleMs?: number } = {},
): Presence {
  const staleMs = options.staleMs ?? 10_000;
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectionName: 'sportsbook-presence' });
  redis.on('error', () => {});
  const rooms = new LocalRooms();
  const instancesKey = `${prefix}presence:instances`;
  const countsKey = (id: string) => `${prefix}presence:instance:${id}`;

  const writeCounts = async () => {
    const counts: string[] = [];
    for (const [eventId, room] of rooms.rooms) counts.push(eventId, String(room.size));
    const tx = redis.multi().zadd(instancesKey, Date.now(), instanceId).del(countsKey(instanceId));
    if (counts.length > 0) tx.hset(countsKey(instanceId), ...counts).pexpire(countsKey(instanceId), staleMs);
    tx.zremrangebyscore(instancesKey, '-inf', Date.now() - staleMs);
    await tx.exec();
  };
  let pending: Promise<void> = Promise.resolve();
  const heartbeat = () =>
    (pending = writeCounts()
      .then(() => {
        // Another instance may have gained or lost people (or died): let listeners re-count.
        for (const eventId of rooms.rooms.keys()) for (const listener of rooms.listeners) listener(eventId);
      })
      .catch(() => {}));
  const cache = new Map<string, { value: number; atMs: number }>();
  // A local join or leave is written at once (debounced), so other instances see it within ~100 ms.
  let soon: NodeJS.Timeout | null = null;
  rooms.onChange(() => {
    soon ??= setTimeout(() => {
      soon = null;
      void writeCounts().catch(() => {});
    }, 100);
  });

  const countNow = async (eventId: string): Promise<number> => {
    const others = (await redis.zrangebyscore(instancesKey, Date.now() - staleMs, '+inf')).filter((id) => id !== instanceId);
    if (others.length === 0) return rooms.count(eventId);
    const pipeline = redis.pipeline();
    for (const id of others) pipeline.hget(countsKey(id), eventId);
    const results = (await pipeline.exec()) ?? [];
    return results.reduce((sum, [, value]) => sum + Number(value ?? 0), rooms.count(eventId));
  };

  const joinersKey = (eventId: string) => `${prefix}presence:joiners:${eventId}`;
  return {
    recordJoiner(eventId, name) {
      void redis
        .multi()
        .lrem(joinersKey(eventId), 0, name)
        .lpush(joinersKey(eventId), name)
        .ltrim(joinersKey(eventId), 0, JOINERS_KEPT - 1)
        .pexpire(joinersKey(eventId), 24 * 60 * 60 * 1000)
        .exec()
        .catch(() => {});
    },
    recentJoiners: async (eventId) => redis.lrange(joinersKey(eventId), 0, JOINERS_KEPT - 1).catch(() => []),
    join(eventId, memberId) {
      cache.delete(eventId);
      const leave = rooms.join(eventId, memberId);
      return () => {
        cache.delete(eventId);
        leave();
      };
    },
    onChange: (listener) => rooms.onChange(listener),
    heartbeat,
    async count(eventId) {
      const cached = cache.get(eventId);
      if (cached && Date.now() - cached.atMs < 1000) return cached.value;
      const value = await countNow(eventId);
      cache.set(eventId, { value, atMs: Date.now() });
      if (cache.size > 10_000) cache.clear();
      return value;
    },
    async close() {
      if (soon) clearTimeout(soon);
      await pending;
      rooms.rooms.clear();
      await redis.multi().zrem(instancesKey, instanceId).del(countsKey(instanceId)).exec().catch(() => {});
      redis.disconnect();
    },
  };
}
