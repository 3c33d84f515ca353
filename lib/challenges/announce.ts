import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { challenges } from '../../db/schema';
import type { PubSub } from '../live/pubsub';
import { publishBestEffort } from '../markets/publish-markets';

/** Tells an event's room that these challenges changed status (after the change committed). */
export async function announceChallenges(deps: { db: Db; pubsub: PubSub }, eventId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await deps.db.select({ id: challenges.id, status: challenges.status }).from(challenges).where(inArray(challenges.id, [...ids]));
  const at = new Date().toISOString();
  for (const row of rows) await publishBestEffort(() => deps.pubsub.publish('activity', eventId, { type: 'CHALLENGE', id: row.id, status: row.status, at }));
}
