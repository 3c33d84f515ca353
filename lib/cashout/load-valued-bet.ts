import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { betLegs, bets } from '../../db/schema';
import { loadLegStates } from '../bets/load-leg-states';
import type { BetStatus } from '../bets/read-bets';
import type { ValuedLeg } from './value-bet';

export interface ValuedBet {
  id: string;
  userId: string;
  status: BetStatus;
  stakeMinor: bigint;
  payoutMinor: bigint;
  legs: ValuedLeg[];
}

/**
 * Loads a user's bet with its legs and their selections' current state, locking the bet row
 * (FOR UPDATE) and share-locking the selections, so the valuation holds until the transaction ends.
 */
export async function loadValuedBet(tx: Tx, userId: string, betId: string): Promise<ValuedBet | null> {
  const [bet] = await tx
    .select({ id: bets.id, userId: bets.userId, status: bets.status, stakeMinor: bets.stakeMinor, payoutMinor: bets.payoutMinor })
    .from(bets)
    .where(and(eq(bets.id, betId), eq(bets.userId, userId)))
    .for('update');
  if (!bet) return null;
  const legs = await tx
    .select({ selectionId: betLegs.selectionId, placedOdds: betLegs.odds, status: betLegs.status })
    .from(betLegs)
    .where(eq(betLegs.betId, betId))
    .orderBy(asc(betLegs.legIndex));
  const states = await loadLegStates(tx, legs.map((l) => l.selectionId));
  return {
    ...bet,
    legs: legs.map((leg) => {
      const state = states.get(leg.selectionId)!;
      return { ...leg, currentOdds: state.odds, marketStatus: state.marketStatus, eventStatus: state.eventStatus, hasResult: state.hasResult };
    }),
  };
}
