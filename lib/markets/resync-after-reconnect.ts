import type { Presence } from '../live/presence';
import { log } from '../log';
import type { MarketDeps } from './deps';
import { publishBestEffort } from './publish-markets';
import { getEvents, getMarketsByEvent } from './read-markets';

/**
 * Brings public live views up to date after Redis comes back. Redis pub/sub is at-most-once: an
 * odds move, a suspension or a goal published while this instance's connection was down (or failed
 * to publish at all) never reaches the subscribers here, and each odds message carries only the
 * markets that changed, so the next message would not repair a market that does not move again.
 * So once the channels are subscribed again, every event this instance has odds or event
 * subscribers for is published afresh: all of its markets on `odds:<id>`, and the event (score,
 * clock, status, room count) on `event:<id>`. Other instances' subscribers receive them too; these
 * are snapshots, so hearing one twice changes nothing.
 */
export function startResyncAfterReconnect(deps: MarketDeps & { presence: Presence }): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;

  const resync = async () => {
    const oddsIds = new Set(deps.pubsub.listening('odds'));
    const eventIds = new Set(deps.pubsub.listening('event'));
    const ids = [...new Set([...oddsIds, ...eventIds])];
    if (ids.length === 0) return;
    const [events, marketsByEvent] = await Promise.all([getEvents(deps.db, ids), getMarketsByEvent(deps.db, [...oddsIds])]);
    const publishedAtMs = Date.now();
    for (const event of events) {
      const markets = marketsByEvent.get(event.id) ?? [];
      if (oddsIds.has(event.id) && markets.length > 0) {
        await publishBestEffort(() => deps.pubsub.publish('odds', event.id, { event, markets, publishedAtMs }));
      }
      if (eventIds.has(event.id)) {
        const participants = await deps.presence.count(event.id);
        await publishBestEffort(() => deps.pubsub.publish('event', event.id, { ...event, participants }));
      }
    }
    log.info({ events: events.length }, 'live views published afresh after the pub/sub reconnected');
  };

  // One pass at a time; a reconnect during a pass asks for one more after it.
  const request = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await resync().catch((error) => log.warn({ err: error }, 'publishing live views afresh after a reconnect failed'));
      } while (again);
      running = null;
    })();
  };

  const stopListening = deps.pubsub.onReconnect(request);
  return {
    async stop() {
      stopListening();
      await running;
    },
  };
}
