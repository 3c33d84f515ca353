/**
 * Odds that respond to the money (see docs/decisions/0007-odds-respond-to-money.md). Pure and in
 * basis points: a selection's skew s multiplies its fair probability by (1 + s / 10000) before the
 * book is normalised and the margin added, so the overround never changes.
 */

export const SKEW = {
  /** Skew per unit of liability imbalance (imbalance is relative to the money in the market). */
  gainBps: 1000,
  /** Largest skew a selection can carry. */
  maxBps: 1500,
  /** Largest change of one step (one bet). */
  stepBps: 200,
  /** Largest total change per selection per minute. */
  minuteBps: 600,
  /** Markets with less money than this (1000.00) react in proportion, so one small bet is a nudge. */
  floorMinor: 100_000n,
} as const;

/** Fair probabilities scaled by their skews and normalised to 1. */
export function skewProbabilities(fair: readonly number[], skewBps: readonly number[]): number[] {
  const scaled = fair.map((p, i) => p * (1 + (skewBps[i] ?? 0) / 10_000));
  const total = scaled.reduce((a, b) => a + b, 0);
  return total > 0 ? scaled.map((p) => p / total) : [...fair];
}

/**
 * Where each selection's skew should head: selections whose liability (what the house pays if
 * they win) is above the market's average shorten, the others drift, in proportion to the
 * imbalance relative to the money staked (at least the floor).
 */
export function targetSkews(liabilityMinor: readonly bigint[], totalStakedMinor: bigint): number[] {
  if (liabilityMinor.length === 0) return [];
  const mean = liabilityMinor.reduce((a, b) => a + b, 0n) / BigInt(liabilityMinor.length);
  const scale = totalStakedMinor > SKEW.floorMinor ? totalStakedMinor : SKEW.floorMinor;
  return liabilityMinor.map((l) => {
    const target = Number(((l - mean) * BigInt(SKEW.gainBps)) / scale);
    return Math.max(-SKEW.maxBps, Math.min(SKEW.maxBps, target));
  });
}

/** One step toward the targets, bounded per step and by what is left of each selection's minute. */
export function stepSkews(current: readonly number[], target: readonly number[], usedThisMinuteBps: readonly number[]): number[] {
  return current.map((s, i) => {
    const room = Math.max(0, SKEW.minuteBps - (usedThisMinuteBps[i] ?? 0));
    const limit = Math.min(SKEW.stepBps, room);
    const move = Math.max(-limit, Math.min(limit, target[i] - s));
    return s + move;
  });
}

/**
 * Moves existing prices by a change of skew without re-pricing the book: each implied
 * probability is scaled by (1 + new) / (1 + old), then all are rescaled to the same total, so the
 * overround and how a trader spread it stay as they were. A tiny change leaves odds as they are.
 */
export function adjustOdds(odds: readonly number[], oldSkewBps: readonly number[], newSkewBps: readonly number[]): number[] {
  const implied = odds.map((o) => 100 / o);
  const total = implied.reduce((a, b) => a + b, 0);
  const moved = implied.map((p, i) => (p * (10_000 + newSkewBps[i])) / (10_000 + oldSkewBps[i]));
  const movedTotal = moved.reduce((a, b) => a + b, 0);
  return moved.map((p) => Math.min(100_000, Math.max(101, Math.round(100 / ((p * total) / movedTotal)))));
}
