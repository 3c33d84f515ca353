import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { outbox } from '../../db/schema';
import { prunedThrough } from '../live/outbox';
import type { BetUpdateKind, BetUpdateMessage, PubSub } from '../live/pubsub';
import { getBet, type BetView } from './read-bets';

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

type Deps = { db: Db; pubsub: PubSub };

async function backlogAfter(db: Db, userId: string, after: bigint): Promise<BetUpdateMessage[]> {
  const rows = await db
    .select({ id: outbox.id, payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.userId, userId), eq(outbox.topic, 'bets'), gt(outbox.id, after)))
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
 * from the last cursor. Returning the iterator unsubscribes at once, even while it waits.
 */
function betUpdates(deps: Deps, userId: string, after: bigint | null): AsyncIterableIterator<BetUpdate> {
  const live = deps.pubsub.subscribe('bets', userId);
  let last = after ?? -1n;
  let backlog: BetUpdateMessage[] = [];
  let catchUp = after !== null;
  let finished = false;
  let wake: (() => void) | null = null;
  let pendingLive: Promise<IteratorResult<BetUpdateMessage>> | null = null;
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
  // A live-only subscription starts at the user's newest cursor, so a later catch-up (after a
  // reconnect) resumes from there rather than replaying history.
  let start: Promise<void> | null = counted.then(async () => {
    if (after !== null) return;
    const [row] = await deps.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.userId, userId)).orderBy(desc(outbox.id)).limit(1);
    if (row && row.id > last) last = row.id;
  });
  const stopListening = deps.pubsub.onReconnect(() => {
    catchUp = true;
    wake?.();
  });

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
          backlog = [...backlog, ...(await backlogAfter(deps.db, userId, last < 0n ? 0n : last))];
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
        const update = await deliver(winner.value);
        if (update) return { value: update, done: false };
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
 * CursorExpiredError when updates after the cursor may have been pruned.
 */
export async function betUpdatesAfter(deps: Deps, userId: string, after: bigint): Promise<AsyncIterableIterator<BetUpdate>> {
  if (after < (await prunedThrough(deps.db))) throw new CursorExpiredError();
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
