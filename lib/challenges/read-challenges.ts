import { and, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../db/client';
import { challenges, selections, users } from '../../db/schema';
import { isId } from '../ids';

export type ChallengeStatus = 'OPEN' | 'TAKEN' | 'CANCELLED' | 'EXPIRED' | 'WON' | 'LOST' | 'VOID';

export interface ChallengeView {
  id: string;
  eventId: string;
  marketId: string;
  selectionId: string;
  selectionName: string;
  maker: string;
  taker: string | null;
  makerId: string;
  takerId: string | null;
  oddsHundredths: number;
  makerStakeMinor: bigint;
  takerStakeMinor: bigint;
  status: ChallengeStatus;
  createdAt: Date;
  expiresAt: Date;
}

const makers = alias(users, 'makers');
const takers = alias(users, 'takers');

function query(db: Db | Tx) {
  return db
    .select({
      id: challenges.id,
      eventId: challenges.eventId,
      marketId: challenges.marketId,
      selectionId: challenges.selectionId,
      selectionName: selections.name,
      maker: makers.username,
      taker: takers.username,
      makerId: challenges.makerId,
      takerId: challenges.takerId,
      oddsHundredths: challenges.odds,
      makerStakeMinor: challenges.makerStakeMinor,
      takerStakeMinor: challenges.takerStakeMinor,
      status: challenges.status,
      createdAt: challenges.createdAt,
      expiresAt: challenges.expiresAt,
    })
    .from(challenges)
    .innerJoin(selections, eq(selections.id, challenges.selectionId))
    .innerJoin(makers, eq(makers.id, challenges.makerId))
    .leftJoin(takers, eq(takers.id, challenges.takerId));
}

export async function getChallenge(db: Db | Tx, id: string): Promise<ChallengeView | null> {
  if (!isId(id)) return null;
  const [row] = await query(db).where(eq(challenges.id, id));
  return row ?? null;
}

/** An event's challenges, newest first, optionally only some statuses. */
export async function listChallenges(db: Db, eventId: string, options: { statuses?: ChallengeStatus[] | null; first: number }): Promise<ChallengeView[]> {
  const filters = [eq(challenges.eventId, eventId)];
  if (options.statuses?.length) filters.push(inArray(challenges.status, options.statuses));
  return query(db).where(and(...filters)).orderBy(desc(challenges.createdAt), desc(challenges.id)).limit(options.first);
}
