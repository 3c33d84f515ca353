import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { betLegs, bets, users } from '../../db/schema';
import type { PubSub } from '../live/pubsub';
import { publishBestEffort } from '../markets/publish-markets';
import { maskUsername, stakeBand } from './activity';
import { selectionStats } from './read-rooms';

/**
 * Tells each event room of a new bet's legs about it (stake band, masked name) with the
 * selection's new totals, read once here rather than by every subscriber. Best-effort: the bet is
 * committed, and the room's history (`recentBets`) has it either way.
 */
export async function publishBetActivity(deps: { db: Db; pubsub: PubSub }, betId: string): Promise<void> {
  const legs = await deps.db
    .select({ eventId: betLegs.eventId, selectionId: betLegs.selectionId, stakeMinor: bets.stakeMinor, at: bets.placedAt, username: users.username })
    .from(betLegs)
    .innerJoin(bets, eq(bets.id, betLegs.betId))
    .innerJoin(users, eq(users.id, bets.userId))
    .where(eq(betLegs.betId, betId));
  const stats = await selectionStats(deps.db, legs.map((l) => l.selectionId));
  for (const leg of legs) {
    await publishBestEffort(() =>
      deps.pubsub.publish('activity', leg.eventId, {
        type: 'BET',
        id: betId,
        selectionId: leg.selectionId,
        stakeBand: stakeBand(leg.stakeMinor),
        user: maskUsername(leg.username),
        at: leg.at.toISOString(),
        stats: stats.get(leg.selectionId)!,
      }),
    );
  }
}
