import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { accounts } from '../../db/schema';
import { postTransaction, userAccounts } from '../wallet/ledger';

/** The user's ESCROW account (stakes in challenges), created on first use. */
export async function escrowAccount(tx: Tx, userId: string): Promise<string> {
  await tx.insert(accounts).values({ userId, kind: 'ESCROW' }).onConflictDoNothing();
  const [row] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.userId, userId), eq(accounts.kind, 'ESCROW')));
  return row.id;
}

/** Moves a stake from the user's wallet into escrow (throws InsufficientFundsError when short). */
export async function holdInEscrow(tx: Tx, userId: string, amountMinor: bigint, reference: string): Promise<void> {
  const { walletId } = await userAccounts(tx, userId);
  await postTransaction(tx, 'CHALLENGE_HOLD', reference, [
    { accountId: walletId, amountMinor: -amountMinor },
    { accountId: await escrowAccount(tx, userId), amountMinor },
  ]);
}

/** Gives escrowed stakes back to their owners (cancel, expiry, void). */
export async function releaseEscrow(tx: Tx, reference: string, stakes: Array<{ userId: string; amountMinor: bigint }>): Promise<void> {
  const entries: Array<{ accountId: string; amountMinor: bigint }> = [];
  for (const { userId, amountMinor } of stakes) {
    const { walletId } = await userAccounts(tx, userId);
    entries.push({ accountId: await escrowAccount(tx, userId), amountMinor: -amountMinor }, { accountId: walletId, amountMinor });
  }
  await postTransaction(tx, 'CHALLENGE_RELEASE', reference, entries);
}
