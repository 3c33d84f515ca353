import { createHash, randomUUID } from 'node:crypto';
import { idempotencyKeyProblem } from '../idempotency-key';
import type { BetDeps } from './deps';
import { enqueuePlacement } from './placement-batch';
import type { BetView } from './read-bets';
import { checkBetShape, type BetRejection, type LegRequest, type OddsChangePolicy } from './price-bet';

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

const fail = (rejection: PlaceBetRejection): PlaceBetResult => ({ ok: false, ...rejection });

/**
 * Places a single or accumulator. Codes in order of precedence: INVALID_INPUT, INVALID_BET (shape),
 * then an earlier bet under the same idempotency key answers first (the same bet again, or
 * IDEMPOTENCY_CONFLICT), then RATE_LIMITED, then priceBet's codes (NOT_FOUND, INVALID_BET,
 * MARKET_CLOSED, MARKET_SUSPENDED, ODDS_CHANGED, STAKE_TOO_LOW, STAKE_TOO_HIGH), then
 * INSUFFICIENT_FUNDS. The stake hold, the bet, its legs and its PLACED update commit together.
 * Concurrent placements on an instance are written together, a batch per transaction (group
 * commit, lib/bets/placement-batch.ts); each is decided on its own and answered its own result.
 */
export function placeBet(deps: BetDeps, userId: string, input: PlaceBetInput): Promise<PlaceBetResult> {
  const keyProblem = idempotencyKeyProblem(input.idempotencyKey);
  if (keyProblem) return Promise.resolve(fail({ code: 'INVALID_INPUT', message: keyProblem }));
  const shape = checkBetShape(input.legs, input.stakeMinor);
  if (shape) return Promise.resolve(fail(shape));
  return new Promise((resolve, reject) => enqueuePlacement(deps, { userId, input, hash: requestHash(input), betId: randomUUID(), resolve, reject }));
}
