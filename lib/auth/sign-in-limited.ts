import { createHash } from 'node:crypto';
import type { Db } from '../../db/client';
import { addressBucket } from '../ip-address';
import type { RateLimiter } from '../live/rate-limit';
import { reject, type Result } from '../result';
import { signIn, type User } from './accounts';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export interface SignInLimits {
  failuresPerUsername: number;
  failuresPerAddress: number;
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * Signs in unless too many recent attempts failed for this username or from this address
 * (15-minute windows, shared by all instances). An attempt is reserved on both counters, in one
 * atomic step, before the password is hashed, and given back only when it succeeds: however many
 * guesses arrive at once, at most the limit's number of wrong passwords are ever evaluated in a
 * window, and a locked-out guess costs nothing and reveals nothing. RATE_LIMITED carries when to
 * try again.
 */
export async function signInLimited(
  deps: { db: Db; limits: RateLimiter },
  limits: SignInLimits,
  username: string,
  password: string,
  address: string,
): Promise<Result<User, 'INVALID_CREDENTIALS' | 'RATE_LIMITED'> & { retryAfterMs?: number }> {
  // Keys are digests: a username argument of any length makes a key of fixed size.
  const reservation = await deps.limits.reserve(
    [
      { key: `signin:user:${digest(username.trim().toLowerCase())}`, limit: limits.failuresPerUsername },
      { key: `signin:addr:${addressBucket(address)}`, limit: limits.failuresPerAddress },
    ],
    SIGN_IN_WINDOW_MS,
  );
  if (!reservation.ok) {
    const { retryAfterMs } = reservation;
    return { ...reject('RATE_LIMITED', `Too many failed sign-ins; try again in ${Math.ceil(retryAfterMs / 60_000)} minutes.`), retryAfterMs };
  }
  const result = await signIn(deps.db, username, password);
  if (result.ok) await reservation.release();
  return result;
}
