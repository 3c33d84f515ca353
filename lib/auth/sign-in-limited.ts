import type { Db } from '../../db/client';
import type { RateLimiter } from '../live/rate-limit';
import { reject, type Result } from '../result';
import { signIn, type User } from './accounts';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export interface SignInLimits {
  failuresPerUsername: number;
  failuresPerAddress: number;
}

/**
 * Signs in unless too many recent attempts failed for this username or from this address (15-minute
 * windows, shared by all instances). Checked before the password, so a locked-out guess costs
 * nothing and reveals nothing. RATE_LIMITED carries when to try again.
 */
export async function signInLimited(
  deps: { db: Db; limits: RateLimiter },
  limits: SignInLimits,
  username: string,
  password: string,
  address: string,
): Promise<Result<User, 'INVALID_CREDENTIALS' | 'RATE_LIMITED'> & { retryAfterMs?: number }> {
  const userKey = `signin:user:${username.trim().toLowerCase()}`;
  const addressKey = `signin:addr:${address}`;
  const [byUser, byAddress] = await Promise.all([deps.limits.peek(userKey), deps.limits.peek(addressKey)]);
  if (byUser.count >= limits.failuresPerUsername || byAddress.count >= limits.failuresPerAddress) {
    const retryAfterMs = Math.max(
      byUser.count >= limits.failuresPerUsername ? byUser.resetInMs : 0,
      byAddress.count >= limits.failuresPerAddress ? byAddress.resetInMs : 0,
    );
    return { ...reject('RATE_LIMITED', `Too many failed sign-ins; try again in ${Math.ceil(retryAfterMs / 60_000)} minutes.`), retryAfterMs };
  }
  const result = await signIn(deps.db, username, password);
  if (!result.ok) await Promise.all([deps.limits.hit(userKey, SIGN_IN_WINDOW_MS), deps.limits.hit(addressKey, SIGN_IN_WINDOW_MS)]);
  return result;
}
