/**
 * Cashout counters, in one place: offers made, accepted, expired, and refused by reason. The
 * metrics endpoint (operations issue) exposes them; tests read them directly.
 */
export interface CashoutCounters {
  offersMade: number;
  accepted: number;
  expired: number;
  refused: Record<string, number>;
}

export function createCashoutCounters(): CashoutCounters {
  return { offersMade: 0, accepted: 0, expired: 0, refused: {} };
}

export function countRefusal(counters: CashoutCounters, reason: string): void {
  counters.refused[reason] = (counters.refused[reason] ?? 0) + 1;
}
