import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { onCommit } from '../../db/retry';
import { rowsOf } from '../../db/rows';
import { bets, cashoutOffers } from '../../db/schema';
import { idIn, isId } from '../ids';
import type { CashoutDeps } from './deps';
import { OFFER_TTL_MS } from './deps';
import { loadValuedBet, type ValuedBet } from './load-valued-bet';
import { countRefusal } from './metrics';
import { valueBet, type CashoutUnavailableReason } from './value-bet';

export interface OfferView {
  id: string;
  betId: string;
  userId: string;
  percent: number;
  amountMinor: bigint;
  stakePortionMinor: bigint;
  expiresAt: Date;
  /** 1, 2, 3, ... per bet in the order offers were made (and odds read) under the bet's lock. */
  version: number;
}

export type OfferSource = 'REQUEST' | 'LIVE' | 'AUTO' | 'PRICE_CHANGE';

export type RequestCashoutResult =
  | { ok: true; value: OfferView }
  | { ok: false; code: 'INVALID_INPUT' | 'NOT_FOUND' | 'CASHOUT_UNAVAILABLE' | 'CASHOUT_TOO_SMALL'; message: string };

/** True when `percent` is a whole number from 1 to 100. */
export function validPercent(percent: number): boolean {
  return Number.isInteger(percent) && percent >= 1 && percent <= 100;
}

/**
 * Values a locked bet and stores an offer, superseding the bet's earlier open offers. Returns
 * null (and counts the refusal) when the bet has no cashout value now.
 */
export async function makeOffer(
  tx: Tx,
  deps: CashoutDeps,
  bet: ValuedBet,
  percent: number,
  source: OfferSource = 'REQUEST',
): Promise<{ ok: true; offer: OfferView } | { ok: false; reason: CashoutUnavailableReason; message: string }> {
  const [made] = await makeOffers(tx, deps, [bet], percent, source);
  return made;
}

/**
 * makeOffer for many locked bets (each at most once) in three statements whatever their number:
 * one update superseding the earlier offers of the bets that have a value, one taking each bet's
 * next offer version, one insert of all the new offers. Answers in the order of `valued`.
 *
 * Validity (docs/decisions/0023-cashout-that-holds-still.md): a requested offer, and the fresh
 * offer a PRICE_CHANGED answer carries, hold for OFFER_TTL_MS. A live offer made while such an
 * offer for the whole bet is still valid ends when that one ends: a price moving re-values the
 * amount on screen but does not give it a new 30 seconds. Otherwise a live offer holds for
 * OFFER_TTL_MS from when it is made.
 */
export async function makeOffers(
  tx: Tx,
  deps: CashoutDeps,
  valued: readonly ValuedBet[],
  percent: number,
  source: OfferSource = 'REQUEST',
): Promise<Array<{ ok: true; offer: OfferView } | { ok: false; reason: CashoutUnavailableReason; message: string }>> {
  const valuations = valued.map((bet) => {
    const valuation = valueBet(bet, bet.legs, percent, deps.cashout.marginBps);
    if (!valuation.ok) onCommit(tx, () => countRefusal(deps.cashout.counters, valuation.reason));
    return valuation;
  });
  const offered = valued.flatMap((bet, i) => {
    const valuation = valuations[i];
    return valuation.ok ? [{ bet, valuation }] : [];
  });
  const made = new Map<string, OfferView>();
  if (offered.length > 0) {
    // A requested offer supersedes every earlier offer of the bet; a live offer only earlier live
    // ones, so a price ticking by does not void the offer the bettor is looking at (accepting that
    // one after a move answers PRICE_CHANGED with a fresh offer instead).
    await tx
      .update(cashoutOffers)
      .set({ status: 'SUPERSEDED' })
      .where(
        and(
          idIn(cashoutOffers.betId, offered.map(({ bet }) => bet.id)),
          eq(cashoutOffers.status, 'OPEN'),
          ...(source === 'LIVE' ? [eq(cashoutOffers.source, 'LIVE')] : []),
        ),
      );
    // One statement with the rows as one JSON parameter: building a multi-row VALUES list costs
    // the query builder about a millisecond per five rows, more than the database's work. Money
    // travels as decimal strings of minor units and is cast to bigint, never through a float.
    // The bets are locked (by the caller), so versions are taken in the order the odds were read.
    const versioned = await tx.execute(sql`
      update ${bets} set cashout_offer_version = cashout_offer_version + 1
      where ${idIn(bets.id, offered.map(({ bet }) => bet.id))}
      returning id, cashout_offer_version as version`);
    const versions = new Map(rowsOf<{ id: string; version: number }>(versioned).map((row) => [row.id, Number(row.version)]));
    const fullTtlAt = new Date(Date.now() + OFFER_TTL_MS);
    const input = JSON.stringify(
      offered.map(({ bet, valuation }) => ({
        bet_id: bet.id,
        user_id: bet.userId,
        amount_minor: valuation.amountMinor.toString(),
        stake_portion_minor: valuation.stakePortionMinor.toString(),
        odds: valuation.openOdds,
        version: versions.get(bet.id)!,
      })),
    );
    // A live offer inside the window of a requested whole-bet offer ends with that window.
    const window =
      source === 'LIVE' && percent === 100
        ? sql`(select min(w.expires_at) from ${cashoutOffers} w
                where w.bet_id = r.bet_id and w.status = 'OPEN' and w.percent = 100 and w.source in ('REQUEST', 'PRICE_CHANGE') and w.expires_at > now())`
        : sql`null::timestamptz`;
    const inserted = await tx.execute(sql`
      insert into ${cashoutOffers} (bet_id, user_id, percent, amount_minor, stake_portion_minor, odds, source, expires_at, version)
      select r.bet_id, r.user_id, ${percent}::integer, r.amount_minor, r.stake_portion_minor, r.odds, ${source}::text,
             least(${fullTtlAt.toISOString()}::timestamptz, coalesce(${window}, ${fullTtlAt.toISOString()}::timestamptz)), r.version
      from jsonb_to_recordset(${input}::jsonb) as r(bet_id uuid, user_id uuid, amount_minor bigint, stake_portion_minor bigint, odds jsonb, version integer)
      returning id, bet_id, expires_at`);
    const rows = new Map(rowsOf<{ id: string; bet_id: string; expires_at: string | Date }>(inserted).map((row) => [row.bet_id, row]));
    for (const { bet, valuation } of offered) {
      const row = rows.get(bet.id)!;
      made.set(bet.id, {
        id: row.id,
        betId: bet.id,
        userId: bet.userId,
        percent,
        amountMinor: valuation.amountMinor,
        stakePortionMinor: valuation.stakePortionMinor,
        expiresAt: new Date(row.expires_at),
        version: versions.get(bet.id)!,
      });
    }
    onCommit(tx, () => (deps.cashout.counters.offersMade += offered.length));
  }
  return valued.map((bet, i) => {
    const valuation = valuations[i];
    if (!valuation.ok) return { ok: false as const, reason: valuation.reason, message: valuation.message };
    return { ok: true as const, offer: made.get(bet.id)! };
  });
}

/**
 * Quotes a cashout of `percent` (default 100) of a bet's current stake, valid for 30 seconds.
 * Codes in order: INVALID_INPUT (percent not 1 to 100), NOT_FOUND (unknown or someone else's
 * bet), CASHOUT_UNAVAILABLE (not open, a leg lost, a market suspended; the message says which),
 * CASHOUT_TOO_SMALL (the part asked for rounds to no stake or no value: ask for a larger percent).
 */
export async function requestCashout(deps: CashoutDeps, userId: string, betId: string, percent = 100): Promise<RequestCashoutResult> {
  if (!validPercent(percent)) return { ok: false, code: 'INVALID_INPUT', message: 'percent must be a whole number from 1 to 100.' };
  if (!isId(betId)) return { ok: false, code: 'NOT_FOUND', message: 'No bet of yours has that id.' };
  return deps.db.transaction(async (tx): Promise<RequestCashoutResult> => {
    // A quote moves no money: the bet's lock is enough, and the owner's other writers need not wait.
    const bet = await loadValuedBet(tx, userId, betId, { lockOwner: false });
    if (!bet) return { ok: false, code: 'NOT_FOUND', message: 'No bet of yours has that id.' };
    const made = await makeOffer(tx, deps, bet, percent);
    if (made.ok) return { ok: true, value: made.offer };
    return { ok: false, code: made.reason === 'TOO_SMALL' ? 'CASHOUT_TOO_SMALL' : 'CASHOUT_UNAVAILABLE', message: made.message };
  });
}

