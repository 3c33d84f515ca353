import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { outbox } from '../../db/schema';
import type { BetUpdateKind, BetUpdateMessage, PubSub } from '../live/pubsub';
import { getBet, type BetView } from './read-bets';

export interface BetUpdate {
  cursor: string;
  kind: BetUpdateKind;
  /** The bet as it is when the update is delivered. */
  bet: BetView;
}

type Deps = { db: Db; pubsub: PubSub };

/**
 * A user's bet updates: first those after `after` from the outbox (when given), then live ones
 * from `bets:<userId>`. The live subscription starts before the backlog is read, and anything at
 * or below the last cursor delivered is dropped, so the switch has no gap and no duplicate.
 * Returning the iterator unsubscribes at once, even while it waits for a message.
 */
function betUpdates(deps: Deps, userId: string, after: bigint | null): AsyncIterableIterator<BetUpdate> {
  const live = deps.pubsub.subscribe('bets', userId);
  let last = after ?? -1n;
  let backlog: BetUpdateMessage[] | null = after === null ? [] : null;
  let finished = false;

  const loadBacklog = async (): Promise<BetUpdateMessage[]> => {
    const rows = await deps.db
      .select({ id: outbox.id, payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.userId, userId), eq(outbox.topic, 'bets'), gt(outbox.id, after ?? 0n)))
      .orderBy(asc(outbox.id));
    return rows.map((row) => ({ ...(row.payload as Omit<BetUpdateMessage, 'cursor'>), cursor: row.id.toString() }));
  };

  const deliver = async (message: BetUpdateMessage): Promise<BetUpdate | null> => {
    const cursor = BigInt(message.cursor);
    if (cursor <= last) return null;
    last = cursor;
    const bet = await getBet(deps.db, userId, message.betId);
    return bet ? { cursor: message.cursor, kind: message.kind, bet } : null;
  };

  return {
    async next(): Promise<IteratorResult<BetUpdate>> {
      backlog ??= await loadBacklog();
      while (!finished) {
        const message = backlog.length > 0 ? backlog.shift()! : await live.next().then((r) => (r.done ? null : r.value));
        if (message === null) break;
        const update = await deliver(message);
        if (update) return { value: update, done: false };
      }
      finished = true;
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<BetUpdate>> {
      finished = true;
      await live.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown): Promise<IteratorResult<BetUpdate>> {
      finished = true;
      await live.return?.();
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

/** Every bet update of one user after the cursor, then live ones, in order, without gaps. */
export function betUpdatesAfter(deps: Deps, userId: string, after: bigint): AsyncIterableIterator<BetUpdate> {
  return betUpdates(deps, userId, after);
}
