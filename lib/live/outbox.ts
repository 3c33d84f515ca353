import { asc, inArray, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../../db/client';
import { outbox } from '../../db/schema';
import type { BetUpdateKind, BetUpdateMessage, PubSub } from './pubsub';

/** Writes a bet update for its owner in the caller's transaction; the relay publishes it after commit. */
export async function enqueueBetUpdate(tx: Tx, userId: string, kind: BetUpdateKind, betId: string): Promise<void> {
  await tx.insert(outbox).values({ userId, topic: 'bets', payload: { kind, betId } });
}

/** Enqueues many updates in one statement. */
export async function enqueueBetUpdates(tx: Tx, updates: Array<{ userId: string; kind: BetUpdateKind; betId: string }>): Promise<void> {
  if (updates.length === 0) return;
  await tx.insert(outbox).values(updates.map((u) => ({ userId: u.userId, topic: 'bets', payload: { kind: u.kind, betId: u.betId } })));
}

// Arbitrary constant naming the advisory lock that makes one relay at a time publish, in order.
const RELAY_LOCK_KEY = 72_430_002;
const BATCH = 500;

export interface OutboxRelay {
  /** Asks for a pass soon (after this instance committed something). */
  nudge(): void;
  /** Runs one pass now; resolves with how many rows were published. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Publishes committed outbox rows in id order and marks them sent. One instance at a time holds
 * the relay lock, so order is kept across instances. A row is marked sent only after Redis took
 * it; if the process dies in between, the row is sent again on the next pass (subscribers drop
 * duplicates by cursor). While Redis is down, passes fail and rows wait.
 */
export function startOutboxRelay(deps: { db: Db; pubsub: PubSub }, options: { intervalMs?: number; log?: (m: string) => void } = {}): OutboxRelay {
  const intervalMs = options.intervalMs ?? 250;
  const log = options.log ?? ((m: string) => console.error(m));
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const pass = async (): Promise<number> =>
    deps.db.transaction(async (tx) => {
      const [{ locked }] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${RELAY_LOCK_KEY}) as locked`));
      if (!locked) return 0;
      const rows = await tx
        .select({ id: outbox.id, userId: outbox.userId, topic: outbox.topic, payload: outbox.payload })
        .from(outbox)
        .where(isNull(outbox.publishedAt))
        .orderBy(asc(outbox.id))
        .limit(BATCH);
      for (const row of rows) {
        if (row.topic === 'bets' && row.userId) {
          const payload = row.payload as Omit<BetUpdateMessage, 'cursor'>;
          await deps.pubsub.publish('bets', row.userId, { ...payload, cursor: row.id.toString() });
        }
      }
      if (rows.length > 0) {
        await tx.update(outbox).set({ publishedAt: new Date() }).where(inArray(outbox.id, rows.map((r) => r.id)));
      }
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
      } catch (error) {
        log(`outbox relay: ${error instanceof Error ? error.message : String(error)}; will retry`);
      } finally {
        running = null;
      }
      return total;
    })();
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void flush().finally(schedule), intervalMs);
    timer.unref();
  };
  schedule();

  return {
    nudge: () => void flush(),
    flush,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
