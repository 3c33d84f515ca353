import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { deposits } from '../../db/schema';
import { idempotencyKeyProblem } from '../idempotency-key';
import type { RateLimiter } from '../live/rate-limit';
import { ok, reject } from '../result';
import { DEPOSIT_WINDOW_MS, depositedSince, lockDepositLimit } from './deposit-limit';
import { postTransaction, systemAccount, userAccounts } from './ledger';

export type DepositCode = 'INVALID_INPUT' | 'IDEMPOTENCY_CONFLICT' | 'RATE_LIMITED' | 'LIMIT_EXCEEDED';
export type DepositRejection =
  | { ok: false; code: Exclude<DepositCode, 'LIMIT_EXCEEDED'>; message: string; retryAfterMs?: number }
  | { ok: false; code: 'LIMIT_EXCEEDED'; message: string; maxMinor: bigint };

/**
 * Deposits play money. Codes in order of precedence: INVALID_INPUT (amount not positive, bad key),
 * IDEMPOTENCY_CONFLICT (the key was used for another amount; the same amount returns the first
 * result), RATE_LIMITED (more than `rate.perMinute` new deposit requests a minute), LIMIT_EXCEEDED
 * (over what the daily limit leaves; `maxMinor` is what is left).
 */
export async function deposit(
  db: Db,
  userId: string,
  amountMinor: bigint,
  idempotencyKey: string,
  defaultLimitMinor: bigint,
  rate?: { limits: RateLimiter; perMinute: number },
): Promise<{ ok: true; value: { depositId: string; replayed: boolean } } | DepositRejection> {
  if (amountMinor <= 0n) return reject('INVALID_INPUT', 'A deposit must be more than zero.');
  const keyProblem = idempotencyKeyProblem(idempotencyKey);
  if (keyProblem) return reject('INVALID_INPUT', keyProblem);

  return db.transaction(async (tx) => {
    // The limit row lock serialises a user's deposits (retries of the same key too, so the lookup
    // below is exact). It comes before the user's lock in the lock order
    // (docs/decisions/0012-lock-order.md), which the posting takes last, for its statement only.
    const limit = await lockDepositLimit(tx, userId, defaultLimitMinor);
    const [previous] = await tx
      .select({ id: deposits.id, amountMinor: deposits.amountMinor })
      .from(deposits)
      .where(and(eq(deposits.userId, userId), eq(deposits.idempotencyKey, idempotencyKey)));
    if (previous) {
      if (previous.amountMinor !== amountMinor) {
        return reject('IDEMPOTENCY_CONFLICT', 'This idempotency key was used for a different deposit.');
      }
      return ok({ depositId: previous.id, replayed: true });
    }
    // Counted and decided in one step, after a replay has had its answer, so retries never count.
    if (rate) {
      const window = await rate.limits.hit(`deposits:${userId}`, 60_000);
      if (window.count > rate.perMinute) {
        return { ok: false as const, code: 'RATE_LIMITED' as const, message: 'Too many deposits in a short time; try again shortly.', retryAfterMs: window.resetInMs };
      }
    }
    const used = await depositedSince(tx, userId, new Date(Date.now() - DEPOSIT_WINDOW_MS));
    const left = limit.dailyMinor - used;
    if (amountMinor > left) {
      return { ok: false as const, code: 'LIMIT_EXCEEDED' as const, message: 'This deposit would exceed your daily deposit limit.', maxMinor: left > 0n ? left : 0n };
    }
    const depositId = randomUUID();
    const { walletId } = await userAccounts(tx, userId);
    const transactionId = await postTransaction(
      tx,
      'DEPOSIT',
      depositId,
      [
        { accountId: await systemAccount(tx, 'DEPOSITS'), amountMinor: -amountMinor },
        { accountId: walletId, amountMinor },
      ],
      { lockOwners: [userId] },
    );
    await tx.insert(deposits).values({ id: depositId, userId, idempotencyKey, amountMinor, transactionId });
    return ok({ depositId, replayed: false });
  });
}
