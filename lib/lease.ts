import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { leases } from '../db/schema';

/**
 * Takes or renews the named lease for `holder` for `ttlMs`. Returns true while this holder has it.
 * One statement decides, so two instances asking at once cannot both win.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await db
    .insert(leases)
    .values({ name, holder, expiresAt: sql`now() + ${`${ttlMs} milliseconds`}::interval` })
    .onConflictDoUpdate({
      target: leases.name,
      set: { holder, expiresAt: sql`now() + ${`${ttlMs} milliseconds`}::interval` },
      setWhere: sql`${leases.holder} = ${holder} or ${leases.expiresAt} < now()`,
    })
    .returning({ holder: leases.holder });
  return rows.length === 1 && rows[0].holder === holder;
}

/** Gives the lease up at once (on shutdown), so another instance need not wait for expiry. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.delete(leases).where(sql`${leases.name} = ${name} and ${leases.holder} = ${holder}`);
}
