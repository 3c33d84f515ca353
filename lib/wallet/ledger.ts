import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { accounts, ledgerEntries, ledgerTransactions } from '../../db/schema';

export type LedgerTransactionKind = (typeof ledgerTransactions.$inferInsert)['kind'];

/** Thrown inside a transaction when a user account would go below zero; the transaction rolls back. */
export class InsufficientFundsError extends Error {
  constructor(readonly accountId: string) {
    super('insufficient funds');
    this.name = 'InsufficientFundsError';
  }
}

export interface UserAccounts {
  walletId: string;
  heldId: string;
}

/** The user's WALLET and HELD accounts, created on first use. */
export async function userAccounts(tx: Tx, userId: string): Promise<UserAccounts> {
  await tx.insert(accounts).values([{ userId, kind: 'WALLET' }, { userId, kind: 'HELD' }]).onConflictDoNothing();
  const rows = await tx
    .select({ id: accounts.id, kind: accounts.kind })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), inArray(accounts.kind, ['WALLET', 'HELD'])));
  const walletId = rows.find((r) => r.kind === 'WALLET')?.id;
  const heldId = rows.find((r) => r.kind === 'HELD')?.id;
  if (!walletId || !heldId) throw new Error(`accounts of user ${userId} are missing`);
  return { walletId, heldId };
}


/** The id of the house's HOUSE or DEPOSITS account (seeded at start). */
export async function systemAccount(tx: Tx, kind: 'HOUSE' | 'DEPOSITS'): Promise<string> {
  const [row] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.kind, kind), isNull(accounts.userId)));
  if (!row) throw new Error(`system account ${kind} is missing: was the database seeded?`);
  return row.id;
}

/**
 * Posts one balanced ledger transaction: entries summing to exactly zero, appended (never edited),
 * and user balances moved by a conditional update in the same database transaction, so a balance
 * can never go below zero even under concurrency. System accounts keep no running balance (their
 * balance is the sum of their entries), so they never become a hot row that serialises everyone.
 */
export async function postTransaction(
  tx: Tx,
  kind: LedgerTransactionKind,
  reference: string,
  entries: Array<{ accountId: string; amountMinor: bigint }>,
): Promise<string> {
  const nonZero = entries.filter((e) => e.amountMinor !== 0n);
  const sum = nonZero.reduce((total, e) => total + e.amountMinor, 0n);
  if (sum !== 0n) throw new Error(`unbalanced ledger transaction ${kind} ${reference}: entries sum to ${sum}`);
  if (nonZero.length === 0) throw new Error(`empty ledger transaction ${kind} ${reference}`);

  const [transaction] = await tx.insert(ledgerTransactions).values({ kind, reference }).returning({ id: ledgerTransactions.id });
  await tx.insert(ledgerEntries).values(nonZero.map((e) => ({ transactionId: transaction.id, accountId: e.accountId, amountMinor: e.amountMinor })));

  // Credits and debits per account, applied in id order so concurrent transactions lock rows in
  // the same order and cannot deadlock.
  const byAccount = new Map<string, bigint>();
  for (const e of nonZero) byAccount.set(e.accountId, (byAccount.get(e.accountId) ?? 0n) + e.amountMinor);
  for (const accountId of [...byAccount.keys()].sort()) {
    const delta = byAccount.get(accountId)!;
    if (delta === 0n) continue;
    const updated = await tx
      .update(accounts)
      .set({ balanceMinor: sql`${accounts.balanceMinor} + ${delta}` })
      .where(and(eq(accounts.id, accountId), sql`(${accounts.userId} is not null and ${accounts.balanceMinor} + ${delta} >= 0)`))
      .returning({ id: accounts.id });
    if (updated.length === 1) continue;
    const [account] = await tx.select({ userId: accounts.userId }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw new Error(`ledger account ${accountId} does not exist`);
    if (account.userId !== null) throw new InsufficientFundsError(accountId);
  }
  return transaction.id;
}
