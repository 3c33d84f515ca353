import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { betLegs, bets, chatMessages, users } from '../../db/schema';
import { maskUsername, stakeBand, type SelectionStatsView } from './activity';

export interface ChatView {
  id: string;
  eventId: string;
  author: string;
  text: string;
  at: Date;
}

export interface BetActivityView {
  id: string;
  selectionId: string;
  stakeBand: string;
  user: string;
  at: Date;
}

/** The last `last` chat messages of an event, oldest first. */
export async function recentChat(db: Db, eventId: string, last: number): Promise<ChatView[]> {
  const rows = await db
    .select({ id: chatMessages.id, eventId: chatMessages.eventId, author: users.username, text: chatMessages.text, at: chatMessages.createdAt })
    .from(chatMessages)
    .innerJoin(users, eq(users.id, chatMessages.userId))
    .where(eq(chatMessages.eventId, eventId))
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(last);
  return rows.reverse();
}

/** The newest bets with a leg on the event, newest first, with stake bands and masked names. */
export async function recentBets(db: Db, eventId: string, first: number): Promise<BetActivityView[]> {
  const rows = await db
    .select({ id: bets.id, selectionId: betLegs.selectionId, stakeMinor: bets.stakeMinor, username: users.username, at: bets.placedAt })
    .from(betLegs)
    .innerJoin(bets, eq(bets.id, betLegs.betId))
    .innerJoin(users, eq(users.id, bets.userId))
    .where(and(eq(betLegs.eventId, eventId), inArray(bets.status, ['PENDING', 'OPEN', 'WON', 'LOST', 'VOID', 'CASHED_OUT'])))
    .orderBy(desc(bets.placedAt), desc(bets.id))
    .limit(first);
  return rows.map((r) => ({ id: r.id, selectionId: r.selectionId, stakeBand: stakeBand(r.stakeMinor), user: maskUsername(r.username), at: r.at }));
}

/** Bets and money per selection (accepted and pending bets, not rejected ones). */
export async function selectionStats(db: Db, selectionIds: readonly string[]): Promise<Map<string, SelectionStatsView>> {
  const result = new Map<string, SelectionStatsView>(selectionIds.map((id) => [id, { selectionId: id, betCount: 0, totalStakedMinor: '0' }]));
  if (selectionIds.length === 0) return result;
  const rows = await db
    .select({ selectionId: betLegs.selectionId, betCount: sql<number>`count(*)::int`, total: sql<string>`coalesce(sum(${bets.stakeMinor}), 0)::text` })
    .from(betLegs)
    .innerJoin(bets, eq(bets.id, betLegs.betId))
    .where(and(inArray(betLegs.selectionId, [...selectionIds]), sql`${bets.status} <> 'REJECTED'`))
    .groupBy(betLegs.selectionId);
  for (const row of rows) result.set(row.selectionId, { selectionId: row.selectionId, betCount: row.betCount, totalStakedMinor: row.total });
  return result;
}
