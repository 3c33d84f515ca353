import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { betLegs, bets, users } from '../../db/schema';
import type { PubSub } from '../live/pubsub';
import { publishBestEffort } from '../markets/publish-markets';
import { maskUsername, stakeBand } from './activity';
import { selectionStats } from './read-rooms';
import { log } from '../log';

/**
 * Tells each event room of new bets' legs (stake band, masked name) with the selections' new
 * totals. Bets placed within `delayMs` of each other are announced together: one read of their
 * legs and one of the totals of the selections they touch, rather than two reads per bet (totals
 * are sums over every bet on a selection, so per-bet reads would grow with the selection's
 * popularity). Best-effort: the bets are committed, and the room's history (`recentBets`) has them
 * either way.
 */
export function createBetActivityPublisher(deps: { db: Db; pubsub: PubSub }, options: { delayMs?: number } = {}) {
  const delayMs = options.delayMs ?? 100;
  let pending: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = null;
    const betIds = pending;
    pending = [];
    running = running.then(() => publishBetActivity(deps, betIds)).catch((error) => log.warn({ err: error }, 'bet activity failed'));
  };
  return {
    betPlaced(betId: string): void {
      pending.push(betId);
      if (!timer) {
        timer = setTimeout(flush, delayMs);
        timer.unref();
      }
    },
    /** Announces what is waiting, then stops. */
    async stop(): Promise<void> {
      if (timer) {
        clearTimeout(timer);
        flush();
      }
      await running;
    },
  };
}

/** Announces the given bets in their events' rooms, in the order given. */
export async function publishBetActivity(deps: { db: Db; pubsub: PubSub }, betIds: readonly string[]): Promise<void> {
  if (betIds.length === 0) return;
  const legs = await deps.db
    .select({ betId: betLegs.betId, eventId: betLegs.eventId, selectionId: betLegs.selectionId, stakeMinor: bets.stakeMinor, at: bets.placedAt, username: users.username })
    .from(betLegs)
    .innerJoin(bets, eq(bets.id, betLegs.betId))
    .innerJoin(users, eq(users.id, bets.userId))
    .where(inArray(betLegs.betId, [...betIds]));
  const order = new Map(betIds.map((id, i) => [id, i]));
  legs.sort((a, b) => order.get(a.betId)! - order.get(b.betId)!);
  const stats = await selectionStats(deps.db, [...new Set(legs.map((l) => l.selectionId))]);
  // Issued together, in order: one connection sends them in that order without waiting for each
  // reply (and, auto-pipelined, in one write), rather than one round trip per leg.
  await Promise.all(
    legs.map((leg) =>
      publishBestEffort(() =>
        deps.pubsub.publish('activity', leg.eventId, {
          type: 'BET',
          id: leg.betId,
          selectionId: leg.selectionId,
          stakeBand: stakeBand(leg.stakeMinor),
          user: maskUsername(leg.username),
          at: leg.at.toISOString(),
          stats: stats.get(leg.selectionId)!,
        }),
      ),
    ),
  );
}
