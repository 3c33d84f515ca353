import { and, eq } from 'drizzle-orm';
import { betLegs, bets } from '../../db/schema';
import { bufferedIterator, type BetUpdateMessage, type PubSub } from '../live/pubsub';
import type { CashoutDeps } from './deps';
import { loadValuedBet } from './load-valued-bet';
import { makeOffer, type OfferView } from './request-cashout';

interface Sink {
  betId: string | null;
  push(offer: OfferView): void;
}

interface UserWatch {
  sinks: Set<Sink>;
  /** The user's open bets and the events of their legs. */
  bets: Map<string, string[]>;
  updates: AsyncIterableIterator<BetUpdateMessage>;
}

export interface LiveOffers {
  /** Fresh offers for the user's open bets (one, or all with null) while the iterator is open. */
  watch(userId: string, betId: string | null): AsyncIterableIterator<OfferView>;
  close(): Promise<void>;
}

/**
 * Live cashout offers for connected owners only. Each instance indexes the open bets of the users
 * subscribed to it and listens to the odds topics of those bets' events (one subscription per
 * event, however many bets); a move on an event re-values just the bets with a leg in it, at most
 * once per bet per `throttleMs` (a move inside the window is priced when it ends). Nothing scans
 * every open bet.
 */
export function createLiveOffers(deps: CashoutDeps & { pubsub: PubSub }, options: { throttleMs: number; log?: (m: string) => void }): LiveOffers {
  const log = options.log ?? ((m: string) => console.error(m));
  const users = new Map<string, UserWatch>();
  const events = new Map<string, { bets: Set<string>; sub: AsyncIterableIterator<unknown> }>();
  const owners = new Map<string, string>();
  const lastOfferAt = new Map<string, number>();
  const pending = new Map<string, NodeJS.Timeout>();

  const offer = async (betId: string) => {
    pending.delete(betId);
    const userId = owners.get(betId);
    const watch = userId ? users.get(userId) : undefined;
    if (!userId || !watch) return;
    lastOfferAt.set(betId, Date.now());
    try {
      const made = await deps.db.transaction(async (tx) => {
        const bet = await loadValuedBet(tx, userId, betId);
        return bet ? makeOffer(tx, deps, bet, 100, 'LIVE') : null;
      });
      if (!made?.ok) return;
      for (const sink of watch.sinks) if (sink.betId === null || sink.betId === betId) sink.push(made.offer);
    } catch (error) {
      log(`live cashout offer for bet ${betId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const schedule = (betId: string) => {
    if (pending.has(betId)) return;
    const waitMs = Math.max(0, (lastOfferAt.get(betId) ?? 0) + options.throttleMs - Date.now());
    const timer = setTimeout(() => void offer(betId), waitMs);
    timer.unref();
    pending.set(betId, timer);
  };

  const listen = async <T>(iterator: AsyncIterableIterator<T>, onMessage: (message: T) => void) => {
    try {
      for await (const message of iterator) onMessage(message);
    } catch (error) {
      log(`live cashout listener ended: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const watchEvent = (eventId: string, betId: string) => {
    let entry = events.get(eventId);
    if (!entry) {
      const sub = deps.pubsub.subscribe('odds', eventId);
      entry = { bets: new Set(), sub };
      events.set(eventId, entry);
      const bound = entry;
      void listen(sub, () => bound.bets.forEach(schedule));
    }
    entry.bets.add(betId);
  };

  const unwatchBet = (betId: string, eventIds: string[]) => {
    for (const eventId of eventIds) {
      const entry = events.get(eventId);
      if (!entry) continue;
      entry.bets.delete(betId);
      if (entry.bets.size === 0) {
        events.delete(eventId);
        void entry.sub.return?.();
      }
    }
    owners.delete(betId);
    lastOfferAt.delete(betId);
    clearTimeout(pending.get(betId));
    pending.delete(betId);
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
      eventIds.forEach((eventId) => watchEvent(eventId, betId));
    }
    watch.bets = current;
  };

  return {
    watch(userId, betId) {
      let stop = () => {};
      const iterator = bufferedIterator<OfferView>(64, (push) => {
        const sink: Sink = { betId, push };
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
          .catch((error) => log(`live cashout watch failed: ${error instanceof Error ? error.message : String(error)}`));
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
