import type { Db } from '../../db/client';
import type { RateLimiter } from '../live/rate-limit';
import type { BetLimits } from './price-bet';

/** What bet services need: the database, shared counters, configured limits, and a commit hook. */
export interface BetDeps {
  db: Db;
  limits: RateLimiter;
  /** placementBatchMax: how many placements one batch (one transaction) writes at most (lib/bets/placement-batch.ts). */
  config: BetLimits & { inplayDelayMs: number; betRatePerMinute: number; placementBatchMax?: number };
  /** Called after a commit that wrote outbox rows, so the relay publishes them at once. */
  afterCommit?: () => void;
  /** When given, new bets are announced in their events' rooms. */
  onBetPlaced?: (betId: string) => void;
  /** When given, called for each bet once it stands (OPEN): the prices respond to its money. */
  onBetAccepted?: (betId: string, legs?: ReadonlyArray<{ marketId: string; eventId: string }>) => void;
}
