import { eq } from 'drizzle-orm';
import { events } from '../../db/schema';
import type { MarketDeps } from './deps';
import { publishBestEffort } from './publish-markets';
import { getEvent } from './read-markets';
import type { EventStatus, EventView } from './views';

export interface EventStateChange {
  status?: EventStatus;
  scoreHome?: number | null;
  scoreAway?: number | null;
  clock?: string | null;
  /** The simulator's private state; saved but never published. */
  feedState?: unknown;
}

/** Saves an event's status, score or clock and publishes the event on `event:<eventId>`. */
export async function updateEventState(deps: MarketDeps, eventId: string, change: EventStateChange): Promise<EventView | null> {
  const { feedState, ...visible } = change;
  await deps.db
    .update(events)
    .set({ ...visible, ...(feedState === undefined ? {} : { feedState }), updatedAt: new Date() })
    .where(eq(events.id, eventId));
  const event = await getEvent(deps.db, eventId);
  if (event && Object.keys(visible).length > 0) await publishBestEffort(() => deps.pubsub.publish('event', event.id, event));
  return event;
}
