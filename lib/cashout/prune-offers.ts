import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { cashoutOffers } from '../../db/schema';

const BATCH = 5_000;

/**
 * Deletes cashout offers that can no longer matter: never accepted, and expired more than
 * `retentionMs` ago. Every odds move quotes the connected owners' open bets afresh and supersedes
 * the quotes before, so without this the table grows by a row per bet per move for good. Accepted
 * offers stay (a repeated accept answers from them). Accepting a pruned offer answers NOT_FOUND,
 * as for any id the caller has no offer under. Deletes in batches, skipping rows an accept holds;
 * resolves with how many rows went.
 */
export async function pruneCashoutOffers(db: Db, retentionMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - retentionMs).toISOString();
  let total = 0;
  for (;;) {
    const deleted = rowsOf<{ n: number }>(
      await db.execute(sql`with gone as (
        delete from ${cashoutOffers} where id in (
          select id from ${cashoutOffers}
          where status <> 'ACCEPTED' and expires_at < ${cutoff}::timestamptz
          limit ${BATCH} for update skip locked)
        returning 1)
      select count(*)::int as n from gone`),
    )[0].n;
    total += deleted;
    if (deleted < BATCH) return total;
  }
}
