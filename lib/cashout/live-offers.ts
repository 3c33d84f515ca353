import { and, eq } from 'drizzle-orm';
import { betLegs, bets } from '../../db/schema';
import { bufferedIterator, type BetUpdateMessage, type PubSub } from '../live/pubsub';
import type { BetView } from '../bets/read-bets';
import type { CashoutDeps } from './deps';
import { loadValuedBets } from './load-valued-bet';
import { makeOffers, type OfferView } from './request-cashout';
import { watchEventOdds } from './watch-event-odds';
import { log } from '../log';

const BATCH_SIZE = 250;
const MAX_BATCHES = 2;

/** A live offer with the bet it was made for, as valued, so a subscriber need not read it again. */
export interface LiveOffer extends OfferView {
  bet: BetView;
}

interface Sink {
  betId: string | null;
  push(offer: LiveOffer): void;
  /** The version of the last offer pushed per bet: an older one is never pushed after it. */
  sent: Map<string, number>;
}

interface UserWatch {
  sinks: Set<Sink>;
  /** The user's open bets and the events of their legs. */
  bets: Map<string, string[]>;
  updates: AsyncIterableIterator<BetUpdateMessage>;
}

export interface LiveOffers {
  /** Fresh offers for the user's open bets (one, or all with null) while the iterator is open. */
  watch(userId: string, betId: string | null): AsyncIterableIterator<LiveOffer>;
  close(): Promise<void>;
}

/**
 * Live cashout offers for connected owners only. Each instance indexes the open bets of the users
 * subscribed to it and listens to the odds topics of those bets' events (one subscription per
 * event, however many bets); a move on an event re-values just the bets with a leg in it, at most
 * once per bet per `throttleMs` (a move inside the window is priced when it ends). Nothing scans
 * every open bet. The bets a move makes due are valued together, in batches. Each sink is pushed
 * a bet's offers in increasing version (the order of the odds they were valued at), so a push
 * never carries an older price than one already sent.
 */
export function createLiveOffers(deps: CashoutDeps & { pubsub: PubSub }, options: { throttleMs: number }): LiveOffers {
  const users = new Map<string, UserWatch>();
  // Each move counts against the bet (see offerBatch: a valuation that raced a move is not pushed).
  const odds = watchEventOdds(
    deps.pubsub,
    (betId) => {
      moves.set(betId, (moves.get(betId) ?? 0) + 1);
      schedule(betId);
    },
    'live cashout',
  );
  const owners = new Map<string, string>();
  const lastOfferAt = new Map<string, number>();
  const pending = new Map<string, NodeJS.Timeout>();

  // Bets due for an offer now, valued together in batches: one transaction per batch of up to
  // BATCH_SIZE bets (a handful of statements whatever its size) instead of one per bet, at most
  // MAX_BATCHES at a time so live offers never take the whole database pool.
  const due = new Set<string>();
  let flushQueued = false;
  let running = 0;

  // Odds messages seen per bet: a batch that saw a message arrive while it ran may have read the
  // odds before that move committed, so its offers are not pushed; the bet is valued again at once.
  const moves = new Map<string, number>();

  const deliver = (offer: LiveOffer) => {
    const watch = users.get(offer.userId);
    if (!watch) return;
    for (const sink of watch.sinks) {
      if (sink.betId !== null && sink.betId !== offer.betId) continue;
      // Versions follow the order of the odds read under the bet's lock: never push back in time.
      if ((sink.sent.get(offer.betId) ?? 0) >= offer.version) continue;
      sink.sent.set(offer.betId, offer.version);
      sink.push(offer);
    }
  };

  // The bets are locked, the selections are not (see loadValuedBets): a price that moves while the
  // batch runs may be missed by its read. Such a batch's offers are not pushed when a move's message
  // arrived meanwhile (the owner would see the old price after the move): the bet is valued again
  // at once instead. Acceptance values under lock and pays only what the bet is still worth.
  const offerBatch = async (wanted: Array<{ userId: string; betId: string }>): Promise<void> => {
    const movesAtStart = new Map(wanted.map(({ betId }) => [betId, moves.get(betId) ?? 0]));
    try {
      const made = await deps.db.transaction(async (tx) => {
        const valued = await loadValuedBets(tx, wanted, { lockSelections: false });
        const results = await makeOffers(tx, deps, valued, 100, 'LIVE');
        return results.flatMap((result, i) => (result.ok ? [{ ...result.offer, bet: valued[i].view }] : []));
      });
      for (const offer of made) {
        if ((moves.get(offer.betId) ?? 0) === movesAtStart.get(offer.betId)) deliver(offer);
        else revalue(offer.betId);
      }
    } catch (error) {
      if (wanted.length > 1) {
        // One bet must not hold back the others' offers: halve the batch until the failure is alone.
        const half = Math.ceil(wanted.length / 2);
        await offerBatch(wanted.slice(0, half));
        await offerBatch(wanted.slice(half));
        return;
      }
      log.warn({ err: error, betId: wanted[0].betId }, 'live cashout offer failed');
    }
  };

  const flush = () => {
    flushQueued = false;
    while (due.size > 0 && running < MAX_BATCHES) {
      const now = Date.now();
      const wanted: Array<{ userId: string; betId: string }> = [];
      for (const betId of due) {
        due.delete(betId);
        const userId = owners.get(betId);
        if (!userId || !users.has(userId)) continue;
        lastOfferAt.set(betId, now);
        wanted.push({ userId, betId });
        if (wanted.length === BATCH_SIZE) break;
      }
      if (wanted.length === 0) continue;
      running += 1;
      void offerBatch(wanted).finally(() => {
        running -= 1;
        queueFlush();
      });
    }
  };

  const queueFlush = () => {
    if (flushQueued || due.size === 0) return;
    flushQueued = true;
    // After the current I/O turn, so every bet a message (or several) makes due joins one batch.
    setImmediate(flush);
  };

  const makeDue = (betId: string) => {
    pending.delete(betId);
    due.add(betId);
    queueFlush();
  };

  /** Values a bet again now (not after the throttle): its last valuation was dropped unsent. */
  const revalue = (betId: string) => {
    if (!owners.has(betId) || due.has(betId)) return;
    clearTimeout(pending.get(betId));
    makeDue(betId);
  };

  const schedule = (betId: string) => {
    if (pending.has(betId) || due.has(betId)) return;
    const waitMs = Math.max(0, (lastOfferAt.get(betId) ?? 0) + options.throttleMs - Date.now());
    if (waitMs === 0) return makeDue(betId);
    const timer = setTimeout(() => makeDue(betId), waitMs);
    timer.unref();
    pending.set(betId, timer);
  };

  const listen = async <T>(iterator: AsyncIterableIterator<T>, onMessage: (message: T) => void) => {
    try {
      for await (const message of iterator) onMessage(message);
    } catch (error) {
      log.warn({ err: error }, 'live cashout listener ended');
    }
  };

  const unwatchBet = (betId: string, eventIds: string[]) => {
    odds.remove(betId, eventIds);
    owners.delete(betId);
    moves.delete(betId);
    lastOfferAt.delete(betId);
    clearTimeout(pending.get(betId));
    pending.delete(betId);
    due.delete(betId);
  };

  /** Re-reads the user's open bets: new ones are watched, finished ones dropped. */
  const refresh = async (userId: string) => {
    const rows = await deps.db
      .select({ betId: bets.id, eventId: betLegs.eventId })
      .from(bets)
      .innerJoin(betLegs, eq(betLegs.betId, bets.id))
      .where(and(eq(bets.userId, userId), eq(bets.status, 'OPEN')));
    const watch = users.get(userId);
    if (!watch) return;
    const current = new Map<string, string[]>();
    for (const row of rows) current.set(row.betId, [...(current.get(row.betId) ?? []), row.eventId]);
    for (const [betId, eventIds] of watch.bets) if (!current.has(betId)) unwatchBet(betId, eventIds);
    for (const [betId, eventIds] of current) {
      if (watch.bets.has(betId)) continue;
      owners.set(betId, userId);
      odds.add(betId, eventIds);
    }
    watch.bets = current;
  };

  return {
    watch(userId, betId) {
      let stop = () => {};
      const iterator = bufferedIterator<LiveOffer>(64, (push) => {
        const sink: Sink = { betId, push, sent: new Map() };
        let watch = users.get(userId);
        if (!watch) {
          // The owner's bet updates tell when bets open or close, so the index follows them.
          const updates = deps.pubsub.subscribe('bets', userId);
          watch = { sinks: new Set(), bets: new Map(), updates };
          users.set(userId, watch);
          // A bet that opened, was partly cashed out or settled gets a fresh value (or leaves the index).
          void listen(updates, (message) =>
            void refresh(userId)
              .then(() => {
                if (users.get(userId)?.bets.has(message.betId)) schedule(message.betId);
              })
              .catch(() => {}),
          );
        }
        watch.sinks.add(sink);
        const bound = watch;
        void refresh(userId)
          .then(() => {
            // A fresh value at once for each watched bet, then one per move.
            for (const id of bound.bets.keys()) if (betId === null || betId === id) schedule(id);
          })
          .catch((error) => log.warn({ err: error }, 'live cashout watch failed'));
        stop = () => {
          bound.sinks.delete(sink);
          if (bound.sinks.size > 0) return;
          users.delete(userId);
          void bound.updates.return?.();
          for (const [id, eventIds] of bound.bets) unwatchBet(id, eventIds);
        };
        return () => stop();
      });
      return iterator;
    },
    async close() {
      for (const [userId, watch] of users) {
        users.delete(userId);
        void watch.updates.return?.();
        for (const [id, eventIds] of watch.bets) unwatchBet(id, eventIds);
      }
    },
  };
}
