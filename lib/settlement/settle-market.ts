import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { betLegs, bets, markets, marketStatusHistory, selections } from '../../db/schema';
import { betUpdatesPart } from '../bets/bet-updates';
import type { MarketDeps } from '../markets/deps';
import { publishMarkets } from '../markets/publish-markets';
import { getMarkets } from '../markets/read-markets';
import type { MarketView } from '../markets/views';
import { postTransactions, systemAccount, userAccounts, type Posting } from '../wallet/ledger';
import { lockMarketChallenges, settleChallenges } from '../challenges/settle-challenges';
import { announceChallenges } from '../challenges/announce';
import { lockMarketUsers } from './lock-market-users';
import { settleBet } from './settle-bet';
import { isId } from '../ids';

export type SelectionResult = 'WON' | 'LOST' | 'VOID';
export type SettleCode = 'NOT_FOUND' | 'INVALID_INPUT' | 'MARKET_CLOSED';
type Outcome = { ok: true; eventId: string; changed: boolean; challengeIds?: string[] } | { ok: false; code: SettleCode; message: string };

/** Locks (NO KEY UPDATE, in id order) the OPEN bets with a leg on these markets; their owners must be locked already. */
async function lockOpenBets(tx: Tx, marketIds: readonly string[]) {
  // Postgres refuses FOR UPDATE with DISTINCT, so the legs are a subquery.
  return tx
    .select({ id: bets.id, userId: bets.userId, stakeMinor: bets.stakeMinor, payoutMinor: bets.payoutMinor })
    .from(bets)
    .where(and(inArray(bets.id, tx.select({ id: betLegs.betId }).from(betLegs).where(inArray(betLegs.marketId, [...marketIds]))), eq(bets.status, 'OPEN')))
    .orderBy(asc(bets.id))
    .for('no key update');
}

/**
 * Settles every given OPEN bet (locked, with its owner) whose legs are now all settled, and tells
 * the owners of the others (LEG_UPDATED), in one statement whatever their number: the ledger
 * postings, the bets and the updates. A cashout racing settlement queues on the same owner's lock,
 * so whichever commits first wins.
 */
async function settleAffectedBets(tx: Tx, affected: Awaited<ReturnType<typeof lockOpenBets>>): Promise<number> {
  if (affected.length === 0) return 0;
  const legs = await tx
    .select({ betId: betLegs.betId, status: betLegs.status, oddsHundredths: betLegs.odds })
    .from(betLegs)
    .where(inArray(betLegs.betId, affected.map((b) => b.id)));
  const houseId = await systemAccount(tx, 'HOUSE');
  const updates: Array<{ userId: string; kind: 'SETTLED' | 'LEG_UPDATED'; betId: string }> = [];
  const postings: Posting[] = [];
  const settled: Array<{ betId: string; status: string; payoutMinor: bigint }> = [];
  for (const bet of affected) {
    const outcome = settleBet(bet.stakeMinor, legs.filter((l) => l.betId === bet.id));
    if (!outcome) {
      updates.push({ userId: bet.userId, kind: 'LEG_UPDATED', betId: bet.id });
      continue;
    }
    const { walletId, heldId } = await userAccounts(tx, bet.userId);
    // The stake leaves HELD: to the house, which pays the winnings (or the refund) to the wallet.
    postings.push({
      kind: 'BET_SETTLE',
      reference: bet.id,
      entries: [
        { accountId: heldId, amountMinor: -bet.stakeMinor },
        { accountId: houseId, amountMinor: bet.stakeMinor - outcome.payoutMinor },
        { accountId: walletId, amountMinor: outcome.payoutMinor },
      ],
    });
    settled.push({ betId: bet.id, status: outcome.status, payoutMinor: outcome.payoutMinor });
    updates.push({ userId: bet.userId, kind: 'SETTLED', betId: bet.id });
  }
  await postTransactions(tx, postings, {
    alsoWrite: {
      settled: {
        shape: 'settle-bets',
        build: (n) => sql`${n.cte('bets')} as (
        update ${bets} b set status = d.status::bet_status, settled_at = now(), payout_minor = b.payout_minor + d.payout,
          settlement_payout_minor = d.payout, auto_cashout_target_minor = null
        from unnest(${n.slot('bets')}::uuid[], ${n.slot('statuses')}::text[], ${n.slot('payouts')}::bigint[]) as d(id, status, payout)
        where b.id = d.id
      )`,
        values: {
          bets: settled.map((b) => b.betId),
          statuses: settled.map((b) => b.status),
          // Big integers inside arrays travel as text (db/statements.ts).
          payouts: settled.map((b) => b.payoutMinor.toString()),
        },
      },
      updates: betUpdatesPart(updates),
    },
  });
  return updates.length;
}

/**
 * Settles a market with a result for each of its selections, then every bet whose legs are all
 * settled. Codes in order: NOT_FOUND (unknown market), INVALID_INPUT (results must name each
 * selection of the market exactly once), MARKET_CLOSED (void, or settled with other results:
 * unsettle it first). Settling again with the same results changes nothing.
 */
export async function settleMarket(
  deps: MarketDeps,
  marketId: string,
  results: ReadonlyArray<{ selectionId: string; result: SelectionResult }>,
): Promise<{ ok: true; value: MarketView } | { ok: false; code: SettleCode; message: string }> {
  if (!isId(marketId)) return { ok: false, code: 'NOT_FOUND', message: 'No market has that id.' };
  const outcome = await deps.db.transaction(async (tx): Promise<Outcome> => {
    // The lock order (docs/decisions/0012-lock-order.md): the market, its selections in id order
    // (which keeps new bets and challenges off it), then every user it touches in id order, then
    // their bets and challenges.
    const [market] = await tx.select({ status: markets.status, eventId: markets.eventId }).from(markets).where(eq(markets.id, marketId)).for('no key update');
    if (!market) return { ok: false, code: 'NOT_FOUND', message: 'No market has that id.' };
    const rows = await tx
      .select({ id: selections.id, status: selections.status })
      .from(selections)
      .where(eq(selections.marketId, marketId))
      .orderBy(asc(selections.id))
      .for('no key update');
    const given = new Map<string, SelectionResult>(results.map((r) => [r.selectionId, r.result]));
    if (given.size !== results.length || given.size !== rows.length || rows.some((s) => !given.has(s.id))) {
      return { ok: false, code: 'INVALID_INPUT', message: 'Give exactly one result for each selection of the market.' };
    }
    if (market.status === 'SETTLED') {
      if (rows.every((s) => s.status === given.get(s.id))) return { ok: true, eventId: market.eventId, changed: false };
      return { ok: false, code: 'MARKET_CLOSED', message: 'The market is settled with other results: unsettle it first.' };
    }
    if (market.status === 'VOID') return { ok: false, code: 'MARKET_CLOSED', message: 'The market is void.' };

    // Pending bets' owners too: their legs take the results, and the acceptor must not decide them meanwhile.
    await lockMarketUsers(tx, marketId, ['PENDING', 'OPEN']);
    const affected = await lockOpenBets(tx, [marketId]);
    const marketChallenges = await lockMarketChallenges(tx, marketId);
    for (const result of ['WON', 'LOST', 'VOID'] as const) {
      const ids = results.filter((r) => r.result === result).map((r) => r.selectionId);
      if (ids.length === 0) continue;
      await tx.update(selections).set({ status: result, result, updatedAt: new Date() }).where(inArray(selections.id, ids));
      await tx.update(betLegs).set({ status: result }).where(and(inArray(betLegs.selectionId, ids), eq(betLegs.status, 'OPEN')));
    }
    await tx.update(markets).set({ status: 'SETTLED', updatedAt: new Date() }).where(eq(markets.id, marketId));
    await tx.insert(marketStatusHistory).values({ marketId, status: 'SETTLED', recordedAt: sql`clock_timestamp()` });
    await settleAffectedBets(tx, affected);
    const challengeIds = await settleChallenges(tx, marketChallenges, given);
    return { ok: true, eventId: market.eventId, changed: true, challengeIds };
  });
  if (!outcome.ok) return outcome;
  if (outcome.changed) deps.afterCommit?.();
  await announceChallenges(deps, outcome.eventId, outcome.challengeIds ?? []);
  const [market] = outcome.changed ? await publishMarkets(deps, outcome.eventId, [marketId]) : await getMarkets(deps.db, [marketId]);
  return { ok: true, value: market };
}
