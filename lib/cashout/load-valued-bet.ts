import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { runShaped, slot } from '../../db/statements';
import { betLegs, bets, events, markets, selections } from '../../db/schema';
import { betColumns, betLegView, type BetLegView, type BetStatus, type BetView } from '../bets/read-bets';
import { lockUsers } from '../wallet/lock-users';
import type { ValuedLeg } from './value-bet';
import { idIn, isId } from '../ids';

export interface ValuedBet {
  id: string;
  userId: string;
  status: BetStatus;
  stakeMinor: bigint;
  payoutMinor: bigint;
  legs: ValuedLeg[];
}

/** A valued bet with the bet as the API shows it, read in the same statements under the same lock. */
export interface ValuedBetWithView extends ValuedBet {
  view: BetView;
}

/**
 * Loads a user's bet with its legs and their selections' current state, share-locking the
 * selections, locking the owner (unless `lockOwner` is false) and then the bet row, in the lock
 * order of docs/decisions/0012-lock-order.md, so the valuation holds until the transaction ends.
 * The owner's lock is for paying out (money and a bet update); a quote needs only the bet's.
 */
export async function loadValuedBet(tx: Tx, userId: string, betId: string, options: { lockOwner?: boolean } = {}): Promise<ValuedBet | null> {
  const [bet] = await loadValuedBets(tx, [{ userId, betId }], { lockSelections: true, lockOwners: options.lockOwner ?? true });
  return bet ?? null;
}

/**
 * Loads many bets for valuation in two statements whatever their number: the bets, locked (NO KEY
 * UPDATE) in id order, then their legs with their selections' current state. Bets that are unknown
 * or not owned by the given user are left out. Each comes with its BetView (what getBet answers),
 * so a caller showing the bet need not read it again.
 *
 * `lockSelections` first share-locks the bets' selections (in id order) and locks their owners
 * (unless `lockOwners` is false), in the lock order's places before the bets, so no price can move
 * before the transaction ends and the owners' other writers wait. Without the owners' locks the
 * caller may lock nothing after the bets but their offers (the order allows skipping a kind, never
 * going back to one).
 */
export async function loadValuedBets(
  tx: Tx,
  wanted: ReadonlyArray<{ userId: string; betId: string }>,
  options: { lockSelections: boolean; lockOwners?: boolean },
): Promise<ValuedBetWithView[]> {
  const owner = new Map(wanted.filter((w) => isId(w.betId)).map((w) => [w.betId, w.userId]));
  if (owner.size === 0) return [];
  if (options.lockSelections) {
    // Issued together (pipelined): the legs' selections, then the owners. Both go through
    // runShaped, so the driver receives them in call order (see placeBet).
    await Promise.all([
      runShaped(
        tx,
        'lock-bet-selections',
        () => sql`select id from ${selections} where id in (select selection_id from ${betLegs} where bet_id = any(${slot('bets')}::uuid[])) order by id for share`,
        { bets: [...owner.keys()] },
      ),
      options.lockOwners === false ? Promise.resolve() : lockUsers(tx, owner.values()),
    ]);
  }
  const rows = await tx
    .select(betColumns)
    .from(bets)
    .where(and(idIn(bets.id, owner.keys()), idIn(bets.userId, new Set(owner.values()))))
    .orderBy(asc(bets.id))
    .for('no key update');
  const found = rows.filter((row) => owner.get(row.id) === row.userId);
  if (found.length === 0) return [];
  const query = tx
    .select({
      betId: betLegs.betId,
      selectionId: betLegs.selectionId,
      placedOdds: betLegs.odds,
      requestedOdds: betLegs.requestedOdds,
      status: betLegs.status,
      currentOdds: selections.odds,
      previousOdds: selections.previousOdds,
      selectionName: selections.name,
      selectionStatus: selections.status,
      result: selections.result,
      marketId: markets.id,
      marketName: markets.name,
      marketStatus: markets.status,
      eventId: events.id,
      eventName: events.name,
      eventStatus: events.status,
    })
    .from(betLegs)
    .innerJoin(selections, eq(selections.id, betLegs.selectionId))
    .innerJoin(markets, eq(markets.id, selections.marketId))
    .innerJoin(events, eq(events.id, markets.eventId))
    .where(idIn(betLegs.betId, found.map((b) => b.id)))
    .orderBy(asc(betLegs.betId), asc(betLegs.legIndex));
  const legs = await query;
  const byBet = new Map<string, { valued: ValuedLeg[]; views: BetLegView[] }>();
  for (const leg of legs) {
    const entry = byBet.get(leg.betId) ?? { valued: [], views: [] };
    entry.valued.push({
      selectionId: leg.selectionId,
      placedOdds: leg.placedOdds,
      status: leg.status,
      currentOdds: leg.currentOdds,
      marketStatus: leg.marketStatus,
      eventStatus: leg.eventStatus,
      hasResult: leg.result !== null,
    });
    entry.views.push(betLegView(leg));
    byBet.set(leg.betId, entry);
  }
  return found.map((bet) => {
    const entry = byBet.get(bet.id) ?? { valued: [], views: [] };
    return {
      id: bet.id,
      userId: bet.userId,
      status: bet.status,
      stakeMinor: bet.stakeMinor,
      payoutMinor: bet.payoutMinor,
      legs: entry.valued,
      // Combined odds fit a number: they are capped at 10000.00 when the bet is placed.
      view: { ...bet, oddsHundredths: Number(bet.oddsHundredths), legs: entry.views },
    };
  });
}
