import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { depositLimits, deposits } from '../../db/schema';
import { ok, reject, type Result } from '../result';

export const RAISE_DELAY_MS = 24 * 60 * 60 * 1000;
export const DEPOSIT_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface DepositLimitView {
  dailyMinor: bigint;
  pendingMinor: bigint | null;
  pendingFrom: Date | null;
  usedTodayMinor: bigint;
  remainingTodayMinor: bigint;
}

type Row = { dailyMinor: bigint; pendingMinor: bigint | null; pendingFrom: Date | null };

/** A pending raise whose 24 hours have passed is the limit in force. */
function effective(row: Row, now: Date): Row {
  if (row.pendingMinor !== null && row.pendingFrom !== null && row.pendingFrom <= now) {
    return { dailyMinor: row.pendingMinor, pendingMinor: null, pendingFrom: null };
  }
  return row;
}

/**
 * Reads (creating with the default) and locks the user's limit row. Locking serialises a user's
 * deposits, so two at once cannot both slip under the limit.
 */
export async function lockDepositLimit(tx: Tx, userId: string, defaultMinor: bigint, now = new Date()): Promise<Row> {
  await tx.insert(depositLimits).values({ userId, dailyMinor: defaultMinor }).onConflictDoNothing();
  const [row] = await tx
    .select({ dailyMinor: depositLimits.dailyMinor, pendingMinor: depositLimits.pendingMinor, pendingFrom: depositLimits.pendingFrom })
    .from(depositLimits)
    .where(eq(depositLimits.userId, userId))
    .for('no key update');
  const current = effective(row, now);
  if (current !== row) await tx.update(depositLimits).set(current).where(eq(depositLimits.userId, userId));
  return current;
}

/** Deposited in the last 24 hours. */
export async function depositedSince(db: Db | Tx, userId: string, since: Date): Promise<bigint> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${deposits.amountMinor}), 0)` })
    .from(deposits)
    .where(and(eq(deposits.userId, userId), gt(deposits.createdAt, since)));
  return BigInt(row.total);
}

/** The limit in force, any pending raise, and what is left to deposit in the current 24 hours. */
export async function getDepositLimit(db: Db, userId: string, defaultMinor: bigint, now = new Date()): Promise<DepositLimitView> {
  const [row] = await db
    .select({ dailyMinor: depositLimits.dailyMinor, pendingMinor: depositLimits.pendingMinor, pendingFrom: depositLimits.pendingFrom })
    .from(depositLimits)
    .where(eq(depositLimits.userId, userId));
  const current = effective(row ?? { dailyMinor: defaultMinor, pendingMinor: null, pendingFrom: null }, now);
  const used = await depositedSince(db, userId, new Date(now.getTime() - DEPOSIT_WINDOW_MS));
  const remaining = current.dailyMinor - used;
  return { ...current, usedTodayMinor: used, remainingTodayMinor: remaining > 0n ? remaining : 0n };
}

/**
 * Sets the daily deposit limit. Lowering (or keeping) takes effect at once and cancels a pending
 * raise; raising takes effect only 24 hours later, so a decision made in the heat of the moment
 * can be slept on.
 */
export async function setDepositLimit(
  db: Db,
  userId: string,
  amountMinor: bigint,
  defaultMinor: bigint,
): Promise<Result<'LOWERED' | 'RAISE_PENDING', 'INVALID_INPUT'>> {
  if (amountMinor <= 0n) return reject('INVALID_INPUT', 'A deposit limit must be more than zero.');
  if (amountMinor > 100_000_000n) return reject('INVALID_INPUT', 'A deposit limit can be at most 1000000.00.');
  return db.transaction(async (tx) => {
    const now = new Date();
    const current = await lockDepositLimit(tx, userId, defaultMinor, now);
    if (amountMinor <= current.dailyMinor) {
      await tx.update(depositLimits).set({ dailyMinor: amountMinor, pendingMinor: null, pendingFrom: null }).where(eq(depositLimits.userId, userId));
      return ok('LOWERED' as const);
    }
    await tx
      .update(depositLimits)
      .set({ pendingMinor: amountMinor, pendingFrom: new Date(now.getTime() + RAISE_DELAY_MS) })
      .where(eq(depositLimits.userId, userId));
    return ok('RAISE_PENDING' as const);
  });
}
