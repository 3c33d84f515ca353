import type { Db } from '../../db/client';
import type { CashoutCounters } from './metrics';

/** What cashout services need. */
export interface CashoutDeps {
  db: Db;
  cashout: { marginBps: number; counters: CashoutCounters };
  /** Called after a commit that wrote outbox rows. */
  afterCommit?: () => void;
}

export const OFFER_TTL_MS = 30_000;
