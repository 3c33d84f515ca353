import { and, asc, desc, eq, gt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { runComposed, type PartNames, type StatementPart } from '../../db/statements';
import { betEvents, bets, outbox, users, webhookDeliveries, webhooks } from '../../db/schema';
import { prunedThrough } from '../live/outbox';
import type { BetUpdateKind, BetUpdateMessage, PubSub } from '../live/pubsub';
import { WEBHOOK_KINDS } from '../webhooks/webhooks';
import { getBet, type BetView } from './read-bets';

// Bet updates, written and read in one module: the writer (an outbox row, a webhook delivery and a
// timeline entry per update, in the caller's transaction) and the reader (a user's updates from the
// outbox, then live from pub/sub).

/** One bet update to write. */
export interface BetUpdateRow {
  userId: string;
  kind: BetUpdateKind;
  betId: string;
}

/**
 * The statement part that writes bet updates, for a statement of the caller's (composeParts): an
 * outbox row each (the relay publishes it after commit), a timeline entry, and partners' webhook
 * deliveries, under the owners' per-user lock. The updates are bound as arrays (any number is one
 * statement text), or read from another part's CTE (`from`: a relation with columns user_id, kind,
 * bet_id and ord, in the order to write them) when the statement itself decides which there are.
 *
 * Cursors are outbox ids, assigned at insert, but transactions commit in their own order. The
 * owners' rows are locked (in id order) until commit before the first id is drawn, so a user's
 * later update waits for the earlier one to commit: per user, id order is commit order, and a
 * reader that has seen cursor N can never later find a committed row below N. (Callers normally
 * hold these locks already, from lockUsers; taking them again is free.) The timeline rows are
 * written from the inserted outbox rows, in cursor order, so a bet's timeline lists its updates in
 * the order its owner's stream delivers them, each stamped when it was written (under the lock, so
 * a user's times rise with the cursor; a transaction's start would not). A LEG_UPDATED for a bet
 * that is no longer PENDING or OPEN is dropped: nothing follows a terminal update but a
 * resettlement. Deliveries are queued with the rows (none lost, none for an update that rolls back).
 */
export function betUpdatesPart(updates: readonly BetUpdateRow[] | { shape: string; from: (names: PartNames) => SQL }): StatementPart {
  const given = Array.isArray(updates) ? (updates as readonly BetUpdateRow[]) : null;
  const source = given ? null : (updates as { shape: string; from: (names: PartNames) => SQL });
  return {
    shape: given ? 'bet-updates' : `bet-updates<${source!.shape}>`,
    build: (n) => sql`${n.cte('rows')} (user_id, kind, bet_id, ord) as (${
      given
        ? sql`select * from unnest(${n.slot('users')}::uuid[], ${n.slot('kinds')}::text[], ${n.slot('bets')}::uuid[]) with ordinality`
        : sql`select user_id, kind, bet_id, ord from ${source!.from(n)}`
    }), ${n.cte('locked')} as (
      select id from ${users} where id in (select user_id from ${n.cte('rows')}) order by id for no key update
    ), ${n.cte('inserted')} as (
      insert into ${outbox} (user_id, topic, payload)
      select u.user_id, 'bets', jsonb_build_object('kind', u.kind, 'betId', u.bet_id) from ${n.cte('rows')} u
      left join ${bets} b on b.id = u.bet_id
      where (select count(*) from ${n.cte('locked')}) >= 0 and (u.kind <> 'LEG_UPDATED' or b.status in ('PENDING', 'OPEN'))
      order by u.ord
      returning id, user_id, payload
    ), ${n.cte('deliveries')} as (
      insert into ${webhookDeliveries} (webhook_id, cursor, kind, bet_id)
      select w.id, i.id, i.payload->>'kind', (i.payload->>'betId')::uuid
      from ${n.cte('inserted')} i join ${webhooks} w on w.user_id = i.user_id and w.deleted_at is null
      where i.payload->>'kind' in (${sql.join([...WEBHOOK_KINDS].map((k) => sql`${k}`), sql`, `)})
    ), ${n.cte('timeline')} as (
      insert into ${betEvents} (bet_id, kind, at) select (payload->>'betId')::uuid, payload->>'kind', clock_timestamp() from ${n.cte('inserted')} order by id
    )`,
    values: given ? { users: given.map((u) => u.userId), kinds: given.map((u) => u.kind), bets: given.map((u) => u.betId) } : {},
  };
}

/**
 * Writes bet updates for their owners in the caller's transaction, in a statement of their own
 * (see betUpdatesPart). Callers take the owners' lock (lockUsers) in an earlier statement, as the
 * lock order asks, so this statement sees every earlier change of those users' bets.
 */
export async function enqueueBetUpdates(tx: Tx, updates: readonly BetUpdateRow[]): Promise<void> {
  if (updates.length === 0) return;
  await runComposed(tx, 'enqueue', { updates: betUpdatesPart(updates) }, () => sql`select 1`);
}

/** One bet update; see enqueueBetUpdates. */
export async function enqueueBetUpdate(tx: Tx, userId: string, kind: BetUpdateKind, betId: string): Promise<void> {
  await enqueueBetUpdates(tx, [{ userId, kind, betId }]);
}

export interface BetUpdate {
  cursor: string;
  kind: BetUpdateKind;
  /** The bet as it is when the update is delivered. */
  bet: BetView;
}

/** A resume cursor older than the outbox keeps: the client must refetch its bets. */
export class CursorExpiredError extends Error {
  constructor() {
    super('That cursor is older than the updates kept for resuming; refetch your bets and subscribe again without `after`.');
    this.name = 'CursorExpiredError';
  }
}

/** A resume cursor this server never gave the user: beyond their newest update (a future cursor). */
export class CursorInvalidError extends Error {
  constructor() {
    super('That cursor is not one of your bet updates (it is beyond your newest); use a cursor from an earlier BetUpdate, or viewer.betUpdatesCursor.');
    this.name = 'CursorInvalidError';
  }
}

// Cursors are outbox ids: Postgres bigint, so at most 2^63 - 1.
const MAX_CURSOR = 2n ** 63n - 1n;

/** A resume cursor as the decimal string a BetUpdate carries, or null when it is not one (malformed, or out of range). */
export function parseBetUpdateCursor(text: string): bigint | null {
  if (!/^(0|[1-9]\d{0,18})$/.test(text)) return null;
  const cursor = BigInt(text);
  return cursor <= MAX_CURSOR ? cursor : null;
}

type Deps = { db: Db; pubsub: PubSub };

/** The user's updates after `after` (up to and including `through`, when given), in cursor order. */
async function backlogAfter(db: Db, userId: string, after: bigint, through?: bigint): Promise<BetUpdateMessage[]> {
  const rows = await db
    .select({ id: outbox.id, payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.userId, userId), eq(outbox.topic, 'bets'), gt(outbox.id, after), through === undefined ? undefined : lte(outbox.id, through)))
    .orderBy(asc(outbox.id));
  return rows.map((row) => ({ ...(row.payload as Omit<BetUpdateMessage, 'cursor'>), cursor: row.id.toString() }));
}

/** How long a new subscription waits for Redis to acknowledge it before reading the outbox anyway. */
const ACK_WAIT_MS = 1000;

/** Resolves true once `ready` resolves, or false after `ms` if it has not. */
function acknowledgedWithin(ready: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref();
    void ready.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * A user's bet updates: first those after `after` from the outbox (when given), then live ones
 * from `bets:<userId>`. The outbox is read once Redis acknowledged the live subscription, and
 * anything at or below the last cursor delivered is dropped, so the switch has no gap and no
 * duplicate. When Redis reconnects (pub/sub drops what was sent meanwhile) the outbox is read again
 * from the last cursor, and from a lost connection until that read a live message first fills
 * any gap below it from the outbox, so an update lost in transit is never overtaken by a later one. Returning the iterator unsubscribes at once, even while it waits.
 */
function betUpdates(deps: Deps, userId: string, after: bigint | null): AsyncIterableIterator<BetUpdate> {
  const live = deps.pubsub.subscribe('bets', userId);
  let last = after ?? -1n;
  let backlog: BetUpdateMessage[] = [];
  let catchUp = after !== null;
  let finished = false;
  let wake: (() => void) | null = null;
  let pendingLive: Promise<IteratorResult<BetUpdateMessage>> | null = null;
  // Whether a live message may have overtaken an update whose message never arrived: from the
  // start until an outbox read made after Redis acknowledged the subscription, and again from a
  // lost connection until the read after its reconnect. Only then does a live message cost an
  // outbox read of the gap below it; on a steady connection messages arrive in order, none lost.
  let gapPossible = true;
  let acknowledged = false;
  let losses = 0;
  void live.ready.then(() => (acknowledged = true));
  // The first outbox read waits for Redis to acknowledge the subscription, so whatever is
  // committed after it arrives live. While Redis is down that would leave the subscriber with
  // nothing, so after ACK_WAIT_MS it reads anyway, and once more when the acknowledgement comes.
  const counted = acknowledgedWithin(live.ready, ACK_WAIT_MS).then((acknowledged) => {
    if (acknowledged) return;
    void live.ready.then(() => {
      catchUp = true;
      wake?.();
    });
  });
  // A live-only subscription starts at the user's newest cursor as the call finds it, read at once
  // (before Redis acknowledges): once acknowledged, the outbox after that cursor is read, so an
  // update committed while the subscription was being set up arrives from there (reading the
  // newest only after the acknowledgement would skip an update committed in between, whose live
  // message then looks like a duplicate). A later catch-up (after a reconnect) resumes from the
  // last cursor delivered rather than replaying history.
  let start: Promise<void> | null = (async () => {
    if (after === null) {
      const newest = await latestBetUpdateCursor(deps.db, userId);
      if (newest !== null && BigInt(newest) > last) last = BigInt(newest);
    }
    await counted;
    catchUp = true;
  })();
  const stopReconnects = deps.pubsub.onReconnect(() => {
    acknowledged = true;
    catchUp = true;
    wake?.();
  });
  const stopLosses = deps.pubsub.onConnectionLost(() => {
    losses += 1;
    gapPossible = true;
    acknowledged = false;
  });
  const stopListening = () => {
    stopReconnects();
    stopLosses();
  };

  const deliver = async (message: BetUpdateMessage): Promise<BetUpdate | null> => {
    const cursor = BigInt(message.cursor);
    if (cursor <= last) return null;
    last = cursor;
    const bet = await getBet(deps.db, userId, message.betId);
    return bet ? { cursor: message.cursor, kind: message.kind, bet } : null;
  };

  const end = async () => {
    finished = true;
    stopListening();
    wake?.();
    await live.return?.();
  };

  return {
    async next(): Promise<IteratorResult<BetUpdate>> {
      if (start) {
        await start;
        start = null;
      }
      while (!finished) {
        if (catchUp) {
          catchUp = false;
          const [afterAcknowledgement, lossesBefore] = [acknowledged, losses];
          backlog = [...backlog, ...(await backlogAfter(deps.db, userId, last < 0n ? 0n : last))];
          // Everything published before the subscription took effect was committed before this read.
          if (afterAcknowledgement && losses === lossesBefore) gapPossible = false;
        }
        const queued = backlog.shift();
        if (queued) {
          const update = await deliver(queued);
          if (update) return { value: update, done: false };
          continue;
        }
        pendingLive ??= live.next();
        const signalled = new Promise<'signal'>((resolve) => (wake = () => resolve('signal')));
        const winner = await Promise.race([pendingLive, signalled]);
        wake = null;
        if (winner === 'signal') continue;
        pendingLive = null;
        if (winner.done) break;
        // A live message says that its update, and every earlier one of the user's, has committed
        // (per user, cursor order is commit order). While a gap is possible an earlier one may not
        // have come live (sent while this instance's Redis connection was down, its message
        // arriving after the resubscription but before the reconnect catch-up ran), so the outbox
        // is the record and the message the prompt: what lies between the last cursor delivered
        // and this one is read first, in order. A message at or below the last cursor is a duplicate.
        const cursor = BigInt(winner.value.cursor);
        if (cursor <= last) continue;
        if (!gapPossible) {
          const update = await deliver(winner.value);
          if (update) return { value: update, done: false };
          continue;
        }
        const filled = await backlogAfter(deps.db, userId, last < 0n ? 0n : last, cursor);
        backlog = filled.some((m) => m.cursor === winner.value.cursor) ? filled : [...filled, winner.value];
      }
      await end();
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<BetUpdate>> {
      await end();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown): Promise<IteratorResult<BetUpdate>> {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Live bet updates of one user. */
export function liveBetUpdates(deps: Deps, userId: string): AsyncIterableIterator<BetUpdate> {
  return betUpdates(deps, userId, null);
}

/**
 * Every bet update of one user after the cursor, then live ones, in order, without gaps. Throws
 * CursorExpiredError when updates after the cursor may have been pruned, and CursorInvalidError for
 * a cursor beyond the user's newest update (and beyond what pruning removed): resuming from a
 * cursor not yet issued would silently skip the updates up to it.
 */
export async function betUpdatesAfter(deps: Deps, userId: string, after: bigint): Promise<AsyncIterableIterator<BetUpdate>> {
  const pruned = await prunedThrough(deps.db);
  if (after < pruned) throw new CursorExpiredError();
  if (after > pruned) {
    const newest = await latestBetUpdateCursor(deps.db, userId);
    if (newest === null || after > BigInt(newest)) throw new CursorInvalidError();
  }
  return betUpdates(deps, userId, after);
}

/**
 * The cursor of a user's newest bet update, or null before their first: `betUpdated(after:)` with
 * it receives everything from this moment on, so a client can resume even before its first update.
 */
export async function latestBetUpdateCursor(db: Db, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.userId, userId), eq(outbox.topic, 'bets')))
    .orderBy(desc(outbox.id))
    .limit(1);
  return row ? row.id.toString() : null;
}

/**
 * Where a client should resume a user's bet updates from to receive everything from this moment
 * on: the user's newest cursor, or before their first update, how far the outbox has been pruned
 * (every update of theirs will come after it).
 */
export async function betUpdatesResumeCursor(db: Db, userId: string): Promise<string> {
  return (await latestBetUpdateCursor(db, userId)) ?? (await prunedThrough(db)).toString();
}
