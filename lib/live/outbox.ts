import { and, asc, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { runShaped, slot, type ShapedSql } from '../../db/statements';
import { betEvents, bets, outbox, outboxState, users, webhookDeliveries, webhooks } from '../../db/schema';
import type { BetUpdateKind, BetUpdateMessage, PubSub } from './pubsub';
import { WEBHOOK_KINDS } from '../webhooks/webhooks';
import { log } from '../log';

/**
 * Writes bet updates for their owners in the caller's transaction: an outbox row each (the relay
 * publishes it after commit) and an entry in the bet's timeline, under the owners' per-user lock.
 * Callers take that lock (lockUsers) in an earlier statement, as the lock order asks, so this
 * statement sees every earlier change of those users' bets.
 */
export async function enqueueBetUpdates(tx: Tx, updates: Array<{ userId: string; kind: BetUpdateKind; betId: string }>): Promise<void> {
  if (updates.length === 0) return;
  const statements = betUpdateStatements(updates);
  await runShaped(tx, `enqueue:${statements.shape}`, () => sql`with ${statements.build()} select 1`, statements.values);
}

/**
 * The common table expressions that enqueue bet updates, to run in a statement of the caller's
 * (named bu_*; placeholders bu_*). Cursors are outbox ids, assigned at insert, but transactions
 * commit in their own order. The owners' rows are locked (in id order) until commit before the
 * first id is drawn, so a user's later update waits for the earlier one to commit: per user, id
 * order is commit order, and a reader that has seen cursor N can never later find a committed row
 * below N. (Callers normally hold these locks already, from lockUsers; taking them again is free.)
 * The timeline rows are written from the inserted outbox rows, in cursor order, so a bet's timeline
 * lists its updates in the order its owner's stream delivers them, each stamped when it was written
 * (under the lock, so a user's times rise with the cursor; a transaction's start would not). A LEG_UPDATED for a bet that is
 * no longer PENDING or OPEN is dropped: nothing follows a terminal update but a resettlement.
 * Partners' webhook deliveries are queued with the rows (none lost, none for an update that rolls
 * back). The updates are bound as arrays, so any number of them is one statement text.
 */
export function betUpdateStatements(updates: Array<{ userId: string; kind: BetUpdateKind; betId: string }>): ShapedSql {
  return {
    shape: 'bet-updates',
    build: () => sql`bu_locked as (
      select id from ${users} where id = any(${slot('bu_owners')}::uuid[]) order by id for no key update
    ), bu_updates (user_id, kind, bet_id, ord) as (
      select * from unnest(${slot('bu_users')}::uuid[], ${slot('bu_kinds')}::text[], ${slot('bu_bets')}::uuid[]) with ordinality
    ),
    bu_inserted as (
      insert into ${outbox} (user_id, topic, payload)
      select u.user_id, 'bets', jsonb_build_object('kind', u.kind, 'betId', u.bet_id) from bu_updates u
      left join ${bets} b on b.id = u.bet_id
      where (select count(*) from bu_locked) >= 0 and (u.kind <> 'LEG_UPDATED' or b.status in ('PENDING', 'OPEN'))
      order by u.ord
      returning id, user_id, payload
    ),
    bu_deliveries as (
      insert into ${webhookDeliveries} (webhook_id, cursor, kind, bet_id)
      select w.id, i.id, i.payload->>'kind', (i.payload->>'betId')::uuid
      from bu_inserted i join ${webhooks} w on w.user_id = i.user_id and w.deleted_at is null
      where i.payload->>'kind' in (${sql.join([...WEBHOOK_KINDS].map((k) => sql`${k}`), sql`, `)})
    ),
    bu_timeline as (insert into ${betEvents} (bet_id, kind, at) select (payload->>'betId')::uuid, payload->>'kind', clock_timestamp() from bu_inserted order by id)`,
    values: {
      bu_owners: [...new Set(updates.map((u) => u.userId))],
      bu_users: updates.map((u) => u.userId),
      bu_kinds: updates.map((u) => u.kind),
      bu_bets: updates.map((u) => u.betId),
    },
  };
}

/** One bet update; see enqueueBetUpdates. */
export async function enqueueBetUpdate(tx: Tx, userId: string, kind: BetUpdateKind, betId: string): Promise<void> {
  await enqueueBetUpdates(tx, [{ userId, kind, betId }]);
}

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
      // Issued together: one connection sends them in id order without waiting for each reply.
      await Promise.all(
        rows
          .filter((row) => row.topic === 'bets' && row.userId)
          .map((row) => deps.pubsub.publish('bets', row.userId!, { ...(row.payload as Omit<BetUpdateMessage, 'cursor'>), cursor: row.id.toString() })),
      );
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
