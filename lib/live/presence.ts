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
  /** People in the room across all live instances. */
  count(eventId: string): Promise<number>;
  close(): Promise<void>;
}

class LocalRooms {
  readonly rooms = new Map<string, Map<string, number>>();

  join(eventId: string, memberId: string): () => void {
    let room = this.rooms.get(eventId);
    if (!room) this.rooms.set(eventId, (room = new Map()));
    room.set(memberId, (room.get(memberId) ?? 0) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const current = this.rooms.get(eventId);
      const n = (current?.get(memberId) ?? 1) - 1;
      if (!current) return;
      if (n > 0) current.set(memberId, n);
      else current.delete(memberId);
      if (current.size === 0) this.rooms.delete(eventId);
    };
  }

  count(eventId: string): number {
    return this.rooms.get(eventId)?.size ?? 0;
  }
}

/** Presence for a single process (the embedded default). */
export function createMemoryPresence(): Presence {
  const rooms = new LocalRooms();
  return {
    join: (eventId, memberId) => rooms.join(eventId, memberId),
    count: async (eventId) => rooms.count(eventId),
    close: async () => {},
  };
}

/** Presence shared through Redis by every instance. */
export function createRedisPresence(
  url: string,
  prefix: string,
  instanceId: string,
  options: { heartbeatMs?: number; staleMs?: number } = {},
): Presence {
  const heartbeatMs = options.heartbeatMs ?? 3000;
  const staleMs = options.staleMs ?? 10_000;
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectionName: 'sportsbook-presence' });
  redis.on('error', () => {});
  const rooms = new LocalRooms();
  const instancesKey = `${prefix}presence:instances`;
  const countsKey = (id: string) => `${prefix}presence:instance:${id}`;

  const heartbeat = async () => {
    const counts: string[] = [];
    for (const [eventId, room] of rooms.rooms) counts.push(eventId, String(room.size));
    const tx = redis.multi().zadd(instancesKey, Date.now(), instanceId).del(countsKey(instanceId));
    if (counts.length > 0) tx.hset(countsKey(instanceId), ...counts).pexpire(countsKey(instanceId), staleMs);
    tx.zremrangebyscore(instancesKey, '-inf', Date.now() - staleMs);
    await tx.exec();
  };
  let pending: Promise<void> = Promise.resolve();
  const beat = () => {
    pending = heartbeat().catch(() => {});
  };
  beat();
  const timer = setInterval(beat, heartbeatMs);
  timer.unref();

  return {
    join(eventId, memberId) {
      const leave = rooms.join(eventId, memberId);
      return leave;
    },
    async count(eventId) {
      const others = (await redis.zrangebyscore(instancesKey, Date.now() - staleMs, '+inf')).filter((id) => id !== instanceId);
      if (others.length === 0) return rooms.count(eventId);
      const pipeline = redis.pipeline();
      for (const id of others) pipeline.hget(countsKey(id), eventId);
      const results = (await pipeline.exec()) ?? [];
      return results.reduce((sum, [, value]) => sum + Number(value ?? 0), rooms.count(eventId));
    },
    async close() {
      clearInterval(timer);
      await pending;
      rooms.rooms.clear();
      await redis.multi().zrem(instancesKey, instanceId).del(countsKey(instanceId)).exec().catch(() => {});
      redis.disconnect();
    },
  };
}
