import type { PubSub, TopicIterator } from '../live/pubsub';
import { log } from '../log';

/** Bets whose events' odds are listened to, for cashout values that follow the odds. */
export interface EventOddsWatch {
  /** Listens to the odds of each event for this bet (one subscription per event, shared by its bets). */
  add(betId: string, eventIds: readonly string[]): void;
  /** Stops listening for this bet; an event's subscription ends with its last bet. */
  remove(betId: string, eventIds: readonly string[]): void;
  /** Ends every subscription. */
  clear(): void;
}

/**
 * The odds subscriptions shared by live cashout offers and auto-cashout: each odds message of an
 * event calls `onMove` once for every bet watched on it, and so does the transport's
 * acknowledgement of a new subscription (odds that moved before it, slow while Redis is down,
 * never arrive as messages), and its reconnection (odds published while it was down are lost):
 * then every bet watched is checked.
 */
export function watchEventOdds(pubsub: PubSub, onMove: (betId: string) => void, what: string): EventOddsWatch {
  const events = new Map<string, { bets: Set<string>; sub: TopicIterator<unknown> }>();
  let stopReconnect: (() => void) | null = null;
  const watchReconnects = () =>
    (stopReconnect ??= pubsub.onReconnect(() => {
      for (const betId of new Set([...events.values()].flatMap((entry) => [...entry.bets]))) onMove(betId);
    }));
  const listen = async (entry: { bets: Set<string>; sub: TopicIterator<unknown> }) => {
    try {
      for await (const _ of entry.sub) entry.bets.forEach(onMove);
    } catch (error) {
      log.warn({ err: error }, `${what} listener ended`);
    }
  };
  return {
    add(betId, eventIds) {
      watchReconnects();
      for (const eventId of eventIds) {
        let entry = events.get(eventId);
        if (!entry) {
          entry = { bets: new Set(), sub: pubsub.subscribe('odds', eventId) };
          events.set(eventId, entry);
          const bound = entry;
          void bound.sub.ready.then(() => bound.bets.forEach(onMove)).catch(() => {});
          void listen(entry);
        }
        entry.bets.add(betId);
      }
    },
    remove(betId, eventIds) {
      for (const eventId of eventIds) {
        const entry = events.get(eventId);
        if (!entry) continue;
        entry.bets.delete(betId);
        if (entry.bets.size === 0) {
          events.delete(eventId);
          void entry.sub.return?.();
        }
      }
    },
    clear() {
      for (const entry of events.values()) void entry.sub.return?.();
      events.clear();
      stopReconnect?.();
      stopReconnect = null;
    },
  };
}
