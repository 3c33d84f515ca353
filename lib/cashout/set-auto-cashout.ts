import { and, eq } from 'drizzle-orm';
import { bets } from '../../db/schema';
import type { CashoutDeps } from './deps';
import { isId } from '../ids';

export type SetAutoCashoutResult = { ok: true } | { ok: false; code: 'INVALID_INPUT' | 'NOT_FOUND' | 'CASHOUT_UNAVAILABLE'; message: string };

/**
 * Sets (or with null clears) the value at which an open bet is cashed out automatically. Codes:
 * INVALID_INPUT (target not positive), NOT_FOUND, CASHOUT_UNAVAILABLE (the bet is not open).
 */
export async function setAutoCashout(deps: Pick<CashoutDeps, 'db'>, userId: string, betId: string, targetMinor: bigint | null): Promise<SetAutoCashoutResult> {
  if (targetMinor !== null && targetMinor <= 0n) return { ok: false, code: 'INVALID_INPUT', message: 'The target must be more than zero.' };
  if (!isId(betId)) return { ok: false, code: 'NOT_FOUND', message: 'No bet of yours has that id.' };
  const [bet] = await deps.db.select({ status: bets.status }).from(bets).where(and(eq(bets.id, betId), eq(bets.userId, userId)));
  if (!bet) return { ok: false, code: 'NOT_FOUND', message: 'No bet of yours has that id.' };
  if (targetMinor !== null && bet.status !== 'OPEN' && bet.status !== 'PENDING') {
    return { ok: false, code: 'CASHOUT_UNAVAILABLE', message: `The bet is ${bet.status.toLowerCase().replace('_', ' ')}.` };
  }
  await deps.db.update(bets).set({ autoCashoutTargetMinor: targetMinor }).where(and(eq(bets.id, betId), eq(bets.userId, userId)));
  return { ok: true };
}
