import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { accounts } from '../../db/schema';

/** What the user can spend: the WALLET balance (0 before the first deposit). */
export async function getBalance(db: Db | Tx, userId: string): Promise<bigint> {
  const [row] = await db
    .select({ balance: accounts.balanceMinor })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.kind, 'WALLET')));
  return row?.balance ?? 0n;
}
