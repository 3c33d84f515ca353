import { and, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { runShaped, slot } from '../../db/statements';
import { outbox, outboxState } from '../../db/schema';
import type { BetUpdateMessage, PubSub } from './pubsub';
import { log } from '../log';

const PRUNED_THROUGH = 'pruned_through';

/** The highest cursor pruned from the outbox: resuming from a cursor below it cannot be exact. */
export async function prunedThrough(db: Db): Promise<bigint> {
  const [row] = await db.select({ value: outboxState.value }).from(outboxState).where(eq(outboxState.name, PRUNED_THROUGH));
  return row?.value ?? 0n;
}

/**
 * Deletes published rows older than the retention window and records how far it went, so a
 * resume from an older cursor is refused explicitly instead of silently missing updates.
 */
export async function pruneOutbox(db: Db, retentionMs: number): Promise<number> {
  return db.transaction(async (tx) => {
    const cutoff = new Date(Date.now() - retentionMs);
    const deleted = await tx
      .delete(outbox)
      .where(and(isNotNull(outbox.publishedAt), lt(outbox.createdAt, cutoff)))
      .returning({ id: outbox.id });
    if (deleted.length === 0) return 0;
    const highest = deleted.reduce((max, row) => (row.id > max ? row.id : max), 0n);
    await tx
      .insert(outboxState)
      .values({ name: PRUNED_THROUGH, value: highest })
      .onConflictDoUpdate({ target: outboxState.name, set: { value: sql`greatest(${outboxState.value}, ${highest})` } });
    return deleted.length;
  });
}

// Arbitrary constant naming the advisory lock that makes one relay at a time publish, in order.
const RELAY_LOCK_KEY = 72_430_002;
const BATCH = 500;

export interface OutboxRelay {
  /** Asks for a pass now (after this instance committed something); startJobs also runs one every 250 ms. */
  nudge(): void;
  /** Runs one pass now; resolves with how many rows were published. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Publishes committed outbox rows in id order and marks them sent. One instance at a time holds
 * the relay lock, so order is kept across instances. A row is marked sent only after Redis took
 * it; if the process dies in between, the row is sent again on the next pass (subscribers drop
 * duplicates by cursor). While Redis is down, passes fail and rows wait. Runs only when asked:
 * startJobs (lib/jobs.ts) asks on a timer.
 */
export function createOutboxRelay(deps: { db: Db; pubsub: PubSub }, options: { retentionMs?: number } = {}): OutboxRelay {
  const retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
  let lastPruneMs = 0;
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;

  // One statement takes the relay lock and marks the next rows sent, returning them; the marks
  // commit only after Redis took every message (a failed publish rolls them back). BEGIN, this
  // statement and COMMIT: three round trips per pass, where a lock, a read and an update took five.
  const pass = async (): Promise<number> =>
    deps.db.transaction(async (tx) => {
      const rows = (
        await runShaped<{ id: bigint | string; userId: string | null; topic: string; payload: unknown }>(
          tx,
          'outbox-relay-pass',
          () => sql`with relay_lock as (select pg_try_advisory_xact_lock(${slot('key')}::bigint) as locked)
            update ${outbox} set published_at = ${slot('at')}::timestamptz
            where id in (select id from ${outbox} where published_at is null and (select locked from relay_lock) order by id limit ${slot('limit')}::int)
            returning id, user_id as "userId", topic, payload`,
          { key: RELAY_LOCK_KEY, at: new Date().toISOString(), limit: BATCH },
        )
      )
        .map((row) => ({ ...row, id: BigInt(row.id), payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      // Issued together: one connection sends them in id order without waiting for each reply.
      await Promise.all(
        rows
          .filter((row) => row.topic === 'bets' && row.userId)
          .map((row) => deps.pubsub.publish('bets', row.userId!, { ...(row.payload as Omit<BetUpdateMessage, 'cursor'>), cursor: row.id.toString() })),
      );
      return rows.length;
    });

  const flush = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          const n = await pass();
          total += n;
          if (n === BATCH) again = true;
        } while (again && !stopped);
        // Pruning is cheap but needs no hurry: once a minute is plenty.
        if (Date.now() - lastPruneMs > 60_000) {
          lastPruneMs = Date.now();
          await pruneOutbox(deps.db, retentionMs);
        }
      } catch (error) {
        log.warn({ err: error }, 'outbox relay pass failed; will retry');
      } finally {
        running = null;
      }
      return total;
    })();
    return running;
  };

  return {
    nudge: () => {
      if (!stopped) void flush();
    },
    flush,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** Seconds since the oldest unpublished bet update was written (0 when none wait). */
export async function outboxLagSeconds(db: Db): Promise<number> {
  const [row] = await db
    .select({ oldest: sql<string | null>`min(${outbox.createdAt})::text` })
    .from(outbox)
    .where(isNull(outbox.publishedAt));
  return row?.oldest ? Math.max(0, (Date.now() - new Date(row.oldest).getTime()) / 1000) : 0;
}
