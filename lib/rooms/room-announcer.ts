import type { Presence } from '../live/presence';
import type { PubSub } from '../live/pubsub';
import { publishBestEffort } from '../markets/publish-markets';
import { getEvent } from '../markets/read-markets';
import type { Db } from '../../db/client';

/**
 * Pushes a room's participant count when it changes: on `eventUpdated` (with the count, so no
 * subscriber has to ask) and as a ParticipantsChanged activity. Debounced per event, so a crowd
 * arriving at once is one announcement.
 */
export function startRoomAnnouncer(deps: { db: Db; pubsub: PubSub; presence: Presence }, options: { debounceMs?: number } = {}) {
  const debounceMs = options.debounceMs ?? 500;
  const timers = new Map<string, NodeJS.Timeout>();
  const announced = new Map<string, number>();

  const announce = async (eventId: string) => {
    timers.delete(eventId);
    const count = await deps.presence.count(eventId);
    if (announced.get(eventId) === count) return;
    announced.set(eventId, count);
    if (count === 0) announced.delete(eventId);
    const event = await getEvent(deps.db, eventId);
    if (!event) return;
    const at = new Date().toISOString();
    await publishBestEffort(() => deps.pubsub.publish('event', eventId, { ...event, participants: count }));
    await publishBestEffort(() => deps.pubsub.publish('activity', eventId, { type: 'PARTICIPANTS', count, at }));
  };

  const stopListening = deps.presence.onChange((eventId) => {
    if (timers.has(eventId)) return;
    const timer = setTimeout(() => void announce(eventId).catch(() => {}), debounceMs);
    timer.unref();
    timers.set(eventId, timer);
  });

  return {
    stop() {
      stopListening();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
