import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { runShaped, slot, type ShapedSql } from '../../db/statements';
import { betLegs, bets } from '../../db/schema';
import { betUpdateStatements } from '../live/outbox';
import { idempotencyKeyProblem } from '../idempotency-key';
import { InsufficientFundsError, postTransaction, userAccounts } from '../wallet/ledger';
import type { Db, Tx } from '../../db/client';
import type { BetDeps } from './deps';
import { loadLegStates } from './load-leg-states';
import { betLegView, type BetView } from './read-bets';
import { checkBetShape, priceBet, type BetRejection, type LegRequest, type OddsChangePolicy, type PricedBet } from './price-bet';

export interface PlaceBetInput {
  legs: LegRequest[];
  stakeMinor: bigint;
  idempotencyKey: string;
  policy: OddsChangePolicy;
}

export type PlaceBetRejection =
  | BetRejection
  | { code: 'IDEMPOTENCY_CONFLICT' | 'RATE_LIMITED' | 'INSUFFICIENT_FUNDS'; message: string; retryAfterMs?: number };

/** A new bet comes back whole (as read right after commit); a replay names the earlier bet. */
export type PlaceBetResult = { ok: true; betId: string; replayed: false; bet: BetView } | { ok: true; betId: string; replayed: true } | ({ ok: false } & PlaceBetRejection);

/** A digest of everything that makes the bet what it is, to tell a retry from a different bet. */
function requestHash(input: PlaceBetInput): string {
  const canonical = JSON.stringify([input.legs.map((l) => [l.selectionId, l.oddsHundredths]), input.stakeMinor.toString(), input.policy]);
  return createHash('sha256').update(canonical).digest('base64url');
}

function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

const fail = (rejection: PlaceBetRejection): PlaceBetResult => ({ ok: false, ...rejection });

/**
 * The common table expressions that write a new bet, its legs (bound as arrays: one statement text
 * for any number of legs) and its PLACED update, to run in the stake hold's ledger statement.
 */
function betStatements(bet: typeof bets.$inferInsert & { id: string; placedAt: Date }, legs: PricedBet['legs']): ShapedSql {
  const updates = betUpdateStatements([{ userId: bet.userId, kind: 'PLACED', betId: bet.id }]);
  return {
    shape: `bet+${updates.shape}`,
    build: () => sql`placed_bet as (
      insert into ${bets} (id, user_id, status, stake_minor, odds_hundredths, potential_payout_minor, odds_change_policy, idempotency_key, request_hash, placed_at, accept_at)
      values (${slot('bet_id')}, ${slot('bet_user')}, ${slot('bet_status')}, ${slot('bet_stake')}, ${slot('bet_odds')}, ${slot('bet_payout')}, ${slot('bet_policy')}, ${slot('bet_key')}, ${slot('bet_hash')}, ${slot('bet_placed_at')}, ${slot('bet_accept_at')})
    ), placed_legs as (
      insert into ${betLegs} (bet_id, leg_index, selection_id, market_id, event_id, requested_odds, odds)
      select ${slot('bet_id')}, ord - 1, selection_id, market_id, event_id, requested_odds, odds
      from unnest(${slot('bet_selections')}::uuid[], ${slot('bet_markets')}::uuid[], ${slot('bet_events')}::uuid[], ${slot('bet_requested')}::int[], ${slot('bet_accepted')}::int[])
        with ordinality as leg (selection_id, market_id, event_id, requested_odds, odds, ord)
    ), ${updates.build()}`,
    values: {
      bet_id: bet.id,
      bet_user: bet.userId,
      bet_status: bet.status,
      bet_stake: bet.stakeMinor,
      bet_odds: bet.oddsHundredths,
      bet_payout: bet.potentialPayoutMinor,
      bet_policy: bet.oddsChangePolicy,
      bet_key: bet.idempotencyKey,
      bet_hash: bet.requestHash,
      // As text: drizzle leaves timestamps to its columns' encoders, and a placeholder in raw SQL has none.
      bet_placed_at: bet.placedAt.toISOString(),
      bet_accept_at: bet.acceptAt?.toISOString() ?? null,
      bet_selections: legs.map((l) => l.selectionId),
      bet_markets: legs.map((l) => l.marketId),
      bet_events: legs.map((l) => l.eventId),
      bet_requested: legs.map((l) => l.oddsHundredths),
      bet_accepted: legs.map((l) => l.acceptedOdds),
      ...updates.values,
    },
  };
}

/**
 * Places a single or accumulator. Codes in order of precedence: INVALID_INPUT, INVALID_BET (shape),
 * then an earlier bet under the same idempotency key answers first (the same bet again, or
 * IDEMPOTENCY_CONFLICT), then RATE_LIMITED, then priceBet's codes (NOT_FOUND, INVALID_BET,
 * MARKET_CLOSED, MARKET_SUSPENDED, ODDS_CHANGED, STAKE_TOO_LOW, STAKE_TOO_HIGH), then
 * INSUFFICIENT_FUNDS. The stake hold, the bet, its legs and its PLACED update commit together.
 */
export async function placeBet(deps: BetDeps, userId: string, input: PlaceBetInput): Promise<PlaceBetResult> {
  const keyProblem = idempotencyKeyProblem(input.idempotencyKey);
  if (keyProblem) return fail({ code: 'INVALID_INPUT', message: keyProblem });
  const shape = checkBetShape(input.legs, input.stakeMinor);
  if (shape) return fail(shape);
  const hash = requestHash(input);

  // The earlier bet under this key, if any, is looked up with the legs, in the same round trip.
  const previousBet = (db: Db | Tx) =>
    runShaped<{ id: string; requestHash: string }>(
      db,
      'previous-bet',
      () => sql`select id, request_hash as "requestHash" from ${bets} where user_id = ${slot('user')} and idempotency_key = ${slot('key')}`,
      { user: userId, key: input.idempotencyKey },
    );
  const replayOf = (previous: { id: string; requestHash: string }): PlaceBetResult =>
    previous.requestHash === hash
      ? { ok: true, betId: previous.id, replayed: true }
      : fail({ code: 'IDEMPOTENCY_CONFLICT', message: 'This idempotency key was used for a different bet.' });

  const betId = randomUUID();
  let inPlay = false;
  let placedLegs: Array<{ marketId: string; eventId: string }> = [];
  // Counted once per request, not once per attempt of the transaction (it may be retried).
  let window: Awaited<ReturnType<BetDeps['limits']['hit']>> | undefined;
  try {
    const outcome = await deps.db.transaction(async (tx): Promise<PlaceBetResult> => {
      // Statements issued together are pipelined on the transaction's connection: one write, one wait.
      const [states, [previous]] = await Promise.all([loadLegStates(tx, input.legs.map((l) => l.selectionId)), previousBet(tx)]);
      if (previous) return replayOf(previous);

      window ??= await deps.limits.hit(`bets:${userId}`, 60_000);
      if (window.count > deps.config.betRatePerMinute) {
        return fail({ code: 'RATE_LIMITED', message: 'Too many bets in a short time; try again shortly.', retryAfterMs: window.resetInMs });
      }

      const priced = priceBet(input.legs, input.stakeMinor, input.policy, states, deps.config);
      if ('code' in priced) return fail(priced);

      const { walletId, heldId } = await userAccounts(tx, userId);
      // Milliseconds only, so the time can round-trip through page cursors exactly.
      const placedAt = new Date();
      const acceptAt = priced.inPlay ? new Date(placedAt.getTime() + deps.config.inplayDelayMs) : null;
      // One statement: the user's lock, the stake hold, the bet, its legs and its PLACED update.
      // In the lock order (docs/decisions/0012-lock-order.md), the selections were share-locked
      // above; the user is locked first thing in this statement, so it is held only for the
      // statement and the commit, not across the rate limit's round trip to Redis.
      // INSUFFICIENT_FUNDS (thrown after it) or a raced idempotency key rolls all of it back.
      const placed = betStatements(
        {
          id: betId,
          userId,
          status: priced.inPlay ? 'PENDING' : 'OPEN',
          stakeMinor: input.stakeMinor,
          oddsHundredths: priced.oddsHundredths,
          potentialPayoutMinor: priced.potentialPayoutMinor,
          oddsChangePolicy: input.policy,
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
          placedAt,
          acceptAt,
        },
        priced.legs,
      );
      await postTransaction(
        tx,
        'BET_HOLD',
        betId,
        [
          { accountId: walletId, amountMinor: -input.stakeMinor },
          { accountId: heldId, amountMinor: input.stakeMinor },
        ],
        { nonWallets: new Set([heldId]), alsoWrite: placed, lockOwners: [userId] },
      );
      inPlay = priced.inPlay;
      placedLegs = priced.legs.map((leg) => ({ marketId: leg.marketId, eventId: leg.eventId }));
      const bet: BetView = {
        id: betId,
        userId,
        status: priced.inPlay ? 'PENDING' : 'OPEN',
        stakeMinor: input.stakeMinor,
        oddsHundredths: Number(priced.oddsHundredths),
        potentialPayoutMinor: priced.potentialPayoutMinor,
        payoutMinor: 0n,
        oddsChangePolicy: input.policy,
        placedAt,
        acceptAt,
        settledAt: null,
        rejectionCode: null,
        rejectionReason: null,
        autoCashoutTargetMinor: null,
        legs: priced.legs.map((leg) => {
          const state = states.get(leg.selectionId)!;
          return betLegView({ ...state, currentOdds: state.odds, placedOdds: leg.acceptedOdds, requestedOdds: leg.oddsHundredths, status: 'OPEN' });
        }),
      };
      return { ok: true, betId, replayed: false, bet };
    });
    if (outcome.ok && !outcome.replayed) {
      deps.afterCommit?.();
      deps.onBetPlaced?.(betId);
      // An in-play bet moves prices only once it is accepted, so it cannot move its own price
      // during its delay.
      if (!inPlay) deps.onBetAccepted?.(betId, placedLegs);
    }
    return outcome;
  } catch (error) {
    if (error instanceof InsufficientFundsError || (error as { cause?: unknown })?.cause instanceof InsufficientFundsError) {
      return fail({ code: 'INSUFFICIENT_FUNDS', message: 'Your balance does not cover this stake.' });
    }
    // Two requests with one key raced; the other committed first, so answer as it did.
    if (isUniqueViolation(error)) {
      const [raced] = await previousBet(deps.db);
      if (raced) return replayOf(raced);
    }
    throw error;
  }
}
