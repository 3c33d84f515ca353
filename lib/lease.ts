import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { rowsOf } from '../db/rows';
import { leases } from '../db/schema';

/**
 * One term of a lease: who holds it and its epoch. Writes guarded by the lease carry it, and
 * Postgres refuses them once the term is over (see holdFence).
 */
export interface LeaseFence {
  name: string;
  holder: string;
  epoch: number;
}

/** Thrown inside a fenced transaction whose term is over; the transaction rolls back. */
export class LeaseLostError extends Error {
  constructor(readonly fence: LeaseFence) {
    super(`the ${fence.name} lease of epoch ${fence.epoch} is no longer held by this instance`);
  }
}

const ttl = (ttlMs: number) => sql`clock_timestamp() + ${`${Math.round(ttlMs)} milliseconds`}::interval`;

/**
 * Starts a term for `holder` if the lease is free, expired or already this holder's (a holder that
 * lost track of its term starts a new one): the epoch rises by one, or starts at 1 for a new
 * lease. Returns the new term, or null while another holder's term runs. One statement decides,
 * so two instances asking at once cannot both win. The takeover changes the epoch, a key column,
 * so it waits for the previous term's fenced transactions still open to commit first.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number): Promise<LeaseFence | null> {
  const rows = rowsOf<{ holder: string; epoch: string | number }>(
    await db.execute(sql`
      insert into ${leases} (name, holder, epoch, expires_at) values (${name}, ${holder}, 1, ${ttl(ttlMs)})
      on conflict (name) do update set holder = excluded.holder, epoch = ${leases}.epoch + 1, expires_at = excluded.expires_at
      where ${leases}.expires_at <= clock_timestamp() or ${leases}.holder = excluded.holder
      returning holder, epoch`),
  );
  return rows.length === 1 && rows[0].holder === holder ? { name, holder, epoch: Number(rows[0].epoch) } : null;
}

/** The lease as it stands, read without locking (a cheap look before trying to take it). */
export async function readLease(db: Db, name: string): Promise<{ holder: string; epoch: number; live: boolean } | null> {
  const rows = rowsOf<{ holder: string; epoch: string | number; live: boolean }>(
    await db.execute(sql`select holder, epoch, expires_at > clock_timestamp() as live from ${leases} where name = ${name}`),
  );
  return rows[0] ? { holder: rows[0].holder, epoch: Number(rows[0].epoch), live: rows[0].live } : null;
}

/**
 * Extends a running term by `ttlMs` from now. Returns false once the term is over (expired or
 * taken): an expired lease is never revived by a renewal, only by a new term. It changes only
 * `expires_at`, so it never waits for the holder's own fenced transactions.
 */
export async function renewLease(db: Db, fence: LeaseFence, ttlMs: number): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(sql`
      update ${leases} set expires_at = ${ttl(ttlMs)}
      where name = ${fence.name} and holder = ${fence.holder} and epoch = ${fence.epoch} and expires_at > clock_timestamp()
      returning 1`),
  );
  return rows.length === 1;
}

/**
 * Ends a term at once (on shutdown), so another instance need not wait for expiry. The row stays,
 * so the next term's epoch is higher than every earlier one.
 */
export async function releaseLease(db: Db, fence: LeaseFence): Promise<void> {
  await db.execute(sql`
    update ${leases} set expires_at = clock_timestamp()
    where name = ${fence.name} and holder = ${fence.holder} and epoch = ${fence.epoch} and expires_at > clock_timestamp()`);
}

/**
 * The fence: run first in a transaction that the lease guards. It passes only while the term is
 * running, and then holds a FOR KEY SHARE lock on the lease row until commit, which a takeover
 * (changing the epoch) must wait for: every write of a term commits before the next term begins,
 * and a holder that lost its term writes nothing. Renewals do not conflict with it. A fenced
 * transaction left idle (its process paused) is ended by Postgres after `idleLimitMs`, so it
 * cannot hold a takeover back for longer.
 */
export async function holdFence(tx: Tx, fence: LeaseFence, idleLimitMs = 5000): Promise<void> {
  const rows = rowsOf(
    await tx.execute(sql`
      select set_config('idle_in_transaction_session_timeout', ${String(Math.round(idleLimitMs))}, true)
      from ${leases}
      where name = ${fence.name} and holder = ${fence.holder} and epoch = ${fence.epoch} and expires_at > clock_timestamp()
      for key share`),
  );
  if (rows.length !== 1) throw new LeaseLostError(fence);
}
