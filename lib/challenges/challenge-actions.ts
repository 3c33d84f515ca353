import { and, asc, eq, lte } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { challenges, events, markets, selections, users } from '../../db/schema';
import type { PubSub } from '../live/pubsub';
import { publishBestEffort } from '../markets/publish-markets';
import { isValidOdds, payoutMinor } from '../money';
import { InsufficientFundsError } from '../wallet/ledger';
import { lockUsers } from '../wallet/lock-users';
import { holdInEscrow, releaseEscrow } from './challenge-ledger';
import { getChallenge, type ChallengeView } from './read-challenges';
import { isId } from '../ids';

export interface ChallengeDeps {
  db: Db;
  pubsub: PubSub;
  config: { stakeMinMinor: bigint; stakeMaxMinor: bigint; maxPayoutMinor: bigint };
}

export type ChallengeCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'OWN_CHALLENGE'
  | 'CHALLENGE_UNAVAILABLE'
  | 'MARKET_CLOSED'
  | 'MARKET_SUSPENDED'
  | 'STAKE_TOO_LOW'
  | 'STAKE_TOO_HIGH'
  | 'INSUFFICIENT_FUNDS';

export type ChallengeResult =
  | { ok: true; value: ChallengeView }
  | { ok: false; code: ChallengeCode; message: string; minMinor?: bigint; maxMinor?: bigint };

/** An in-play challenge nobody takes lapses after this long; a pre-match one at kick-off. */
export const LIVE_CHALLENGE_TTL_MS = 10 * 60 * 1000;

const fail = (code: ChallengeCode, message: string, extra: { minMinor?: bigint; maxMinor?: bigint } = {}): ChallengeResult => ({ ok: false, code, message, ...extra });

/** The taker's side of a challenge: stake x (odds - 1), rounded down to the cent. */
export function takerStake(makerStakeMinor: bigint, oddsHundredths: number): bigint {
  return payoutMinor(makerStakeMinor, [oddsHundredths]) - makerStakeMinor;
}

async function announce(deps: ChallengeDeps, challenge: ChallengeView): Promise<void> {
  await publishBestEffort(() =>
    deps.pubsub.publish('activity', challenge.eventId, { type: 'CHALLENGE', id: challenge.id, status: challenge.status, at: new Date().toISOString() }),
  );
}

async function lockMarketState(tx: Tx, selectionId: string) {
  const [row] = await tx
    .select({ marketId: markets.id, eventId: events.id, marketStatus: markets.status, eventStatus: events.status, startsAt: events.startsAt, result: selections.result })
    .from(selections)
    .innerJoin(markets, eq(markets.id, selections.marketId))
    .innerJoin(events, eq(events.id, markets.eventId))
    .where(eq(selections.id, selectionId))
    .for('share', { of: selections });
  return row ?? null;
}

function marketProblem(state: NonNullable<Awaited<ReturnType<typeof lockMarketState>>>): ChallengeResult | null {
  if (state.eventStatus === 'FINISHED' || state.eventStatus === 'CANCELLED' || state.marketStatus === 'SETTLED' || state.marketStatus === 'VOID' || state.result) {
    return fail('MARKET_CLOSED', 'The market is closed.');
  }
  if (state.marketStatus === 'SUSPENDED') return fail('MARKET_SUSPENDED', 'The market is suspended for the moment.');
  return null;
}

/**
 * Offers a challenge: the maker backs a selection at odds for a stake, held in escrow. Codes in
 * order: INVALID_INPUT (stake not positive, odds outside 1.01 to 1000.00), NOT_FOUND,
 * MARKET_CLOSED, MARKET_SUSPENDED, STAKE_TOO_LOW / STAKE_TOO_HIGH (the bet limits, for both
 * sides' stakes and the winner's payout), INSUFFICIENT_FUNDS.
 */
export async function createChallenge(
  deps: ChallengeDeps,
  makerId: string,
  input: { selectionId: string; stakeMinor: bigint; oddsHundredths: number },
): Promise<ChallengeResult> {
  if (input.stakeMinor <= 0n) return fail('INVALID_INPUT', 'The stake must be more than zero.');
  if (!isValidOdds(input.oddsHundredths)) return fail('INVALID_INPUT', 'Odds must be between 1.01 and 1000.00.');
  if (!isId(input.selectionId)) return fail('NOT_FOUND', 'No selection has that id.');
  const takerStakeMinor = takerStake(input.stakeMinor, input.oddsHundredths);
  try {
    const result = await deps.db.transaction(async (tx): Promise<ChallengeResult> => {
      // The lock order: the selection (share), then the maker (docs/decisions/0012-lock-order.md).
      const state = await lockMarketState(tx, input.selectionId);
      if (!state) return fail('NOT_FOUND', 'No selection has that id.');
      await lockUsers(tx, [makerId]);
      const problem = marketProblem(state);
      if (problem) return problem;
      const { stakeMinMinor, stakeMaxMinor, maxPayoutMinor } = deps.config;
      const limits = { minMinor: stakeMinMinor, maxMinor: stakeMaxMinor };
      if (input.stakeMinor < stakeMinMinor || takerStakeMinor < 1n) return fail('STAKE_TOO_LOW', 'The stake is below the minimum.', limits);
      if (input.stakeMinor > stakeMaxMinor || takerStakeMinor > stakeMaxMinor || input.stakeMinor + takerStakeMinor > maxPayoutMinor) {
        return fail('STAKE_TOO_HIGH', "A challenge's stakes and payout must stay within the bet limits.", limits);
      }
      const expiresAt = state.eventStatus === 'UPCOMING' ? state.startsAt : new Date(Date.now() + LIVE_CHALLENGE_TTL_MS);
      const [row] = await tx
        .insert(challenges)
        .values({
          eventId: state.eventId,
          marketId: state.marketId,
          selectionId: input.selectionId,
          makerId,
          odds: input.oddsHundredths,
          makerStakeMinor: input.stakeMinor,
          takerStakeMinor,
          expiresAt,
        })
        .returning({ id: challenges.id });
      await holdInEscrow(tx, makerId, input.stakeMinor, row.id);
      return { ok: true, value: (await getChallenge(tx, row.id))! };
    });
    if (result.ok) await announce(deps, result.value);
    return result;
  } catch (error) {
    if (error instanceof InsufficientFundsError || (error as { cause?: unknown })?.cause instanceof InsufficientFundsError) {
      return fail('INSUFFICIENT_FUNDS', 'Your balance does not cover this stake.');
    }
    throw error;
  }
}

/**
 * Takes the other side of a challenge. Codes in order: NOT_FOUND, OWN_CHALLENGE,
 * CHALLENGE_UNAVAILABLE (already taken, cancelled, expired), MARKET_CLOSED, MARKET_SUSPENDED,
 * INSUFFICIENT_FUNDS. The challenge row is locked, so of two takers at once exactly one wins.
 */
export async function takeChallenge(deps: ChallengeDeps, takerId: string, challengeId: string): Promise<ChallengeResult> {
  if (!isId(challengeId)) return fail('NOT_FOUND', 'No challenge has that id.');
  try {
    const result = await deps.db.transaction(async (tx): Promise<ChallengeResult> => {
      // The lock order: the challenge's selection (share), the taker, then the challenge itself,
      // re-read under its lock (docs/decisions/0012-lock-order.md).
      const [found] = await tx.select({ selectionId: challenges.selectionId }).from(challenges).where(eq(challenges.id, challengeId));
      if (!found) return fail('NOT_FOUND', 'No challenge has that id.');
      const state = await lockMarketState(tx, found.selectionId);
      await lockUsers(tx, [takerId]);
      const [row] = await tx.select().from(challenges).where(eq(challenges.id, challengeId)).for('no key update');
      if (!row) return fail('NOT_FOUND', 'No challenge has that id.');
      if (row.makerId === takerId) return fail('OWN_CHALLENGE', 'You cannot take your own challenge.');
      if (row.status !== 'OPEN' || row.expiresAt.getTime() <= Date.now()) {
        return fail('CHALLENGE_UNAVAILABLE', row.status === 'TAKEN' ? 'Someone has already taken this challenge.' : `The challenge is ${row.status === 'OPEN' ? 'expired' : row.status.toLowerCase()}.`);
      }
      const problem = state && marketProblem(state);
      if (problem) return problem;
      await tx.update(challenges).set({ status: 'TAKEN', takerId, takenAt: new Date() }).where(eq(challenges.id, challengeId));
      await holdInEscrow(tx, takerId, row.takerStakeMinor, row.id);
      return { ok: true, value: (await getChallenge(tx, row.id))! };
    });
    if (result.ok) await announce(deps, result.value);
    return result;
  } catch (error) {
    if (error instanceof InsufficientFundsError || (error as { cause?: unknown })?.cause instanceof InsufficientFundsError) {
      return fail('INSUFFICIENT_FUNDS', 'Your balance does not cover the stake of this challenge.');
    }
    throw error;
  }
}

/** The maker withdraws an untaken challenge; the stake comes back. Codes: NOT_FOUND, CHALLENGE_UNAVAILABLE. */
export async function cancelChallenge(deps: ChallengeDeps, makerId: string, challengeId: string): Promise<ChallengeResult> {
  if (!isId(challengeId)) return fail('NOT_FOUND', 'No challenge has that id.');
  const result = await deps.db.transaction(async (tx): Promise<ChallengeResult> => {
    // The lock order: the maker, then the challenge (docs/decisions/0012-lock-order.md).
    await lockUsers(tx, [makerId]);
    const [row] = await tx.select().from(challenges).where(and(eq(challenges.id, challengeId), eq(challenges.makerId, makerId))).for('no key update');
    if (!row) return fail('NOT_FOUND', 'No challenge of yours has that id.');
    if (row.status !== 'OPEN') return fail('CHALLENGE_UNAVAILABLE', `The challenge is ${row.status.toLowerCase()}.`);
    await tx.update(challenges).set({ status: 'CANCELLED', settledAt: new Date() }).where(eq(challenges.id, challengeId));
    await releaseEscrow(tx, row.id, [{ userId: row.makerId, amountMinor: row.makerStakeMinor }]);
    return { ok: true, value: (await getChallenge(tx, row.id))! };
  });
  if (result.ok) await announce(deps, result.value);
  return result;
}

/** Expires untaken challenges past their time (kick-off, or the in-play window), refunding makers. */
export async function expireChallenges(deps: ChallengeDeps, now = new Date()): Promise<number> {
  const expired = await deps.db.transaction(async (tx) => {
    // Each challenge with its maker (whose money moves), both skipped when another transaction
    // holds either: instances share the work and this never waits out of the lock order.
    const due = await tx
      .select({ challenge: challenges })
      .from(challenges)
      .innerJoin(users, eq(users.id, challenges.makerId))
      .where(and(eq(challenges.status, 'OPEN'), lte(challenges.expiresAt, now)))
      .orderBy(asc(challenges.id))
      .limit(100)
      .for('no key update', { of: [challenges, users], skipLocked: true })
      .then((rows) => rows.map((r) => r.challenge));
    for (const row of due) {
      await tx.update(challenges).set({ status: 'EXPIRED', settledAt: now }).where(eq(challenges.id, row.id));
      await releaseEscrow(tx, row.id, [{ userId: row.makerId, amountMinor: row.makerStakeMinor }]);
    }
    return due.map((row) => row.id);
  });
  for (const id of expired) {
    const view = await getChallenge(deps.db, id);
    if (view) await announce(deps, view);
  }
  return expired.length;
}

