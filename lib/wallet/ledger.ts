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
  requested: Array<{ accountId: string; amountMinor: bigint }>,
  options: { allowDebt?: boolean } = {},
): Promise<string> {
  const sum = requested.reduce((total, e) => total + e.amountMinor, 0n);
  if (sum !== 0n) throw new Error(`unbalanced ledger transaction ${kind} ${reference}: entries sum to ${sum}`);
  const entries = await applyDebt(tx, requested.filter((e) => e.amountMinor !== 0n), options.allowDebt ?? false);
  if (entries.length === 0) throw new Error(`empty ledger transaction ${kind} ${reference}`);

  const [transaction] = await tx.insert(ledgerTransactions).values({ kind, reference }).returning({ id: ledgerTransactions.id });
  await tx.insert(ledgerEntries).values(entries.map((e) => ({ transactionId: transaction.id, accountId: e.accountId, amountMinor: e.amountMinor })));

  // Credits and debits per account, applied in id order so concurrent transactions lock rows in
  // the same order and cannot deadlock.
  const byAccount = new Map<string, bigint>();
  for (const e of entries) byAccount.set(e.accountId, (byAccount.get(e.accountId) ?? 0n) + e.amountMinor);
  for (const accountId of [...byAccount.keys()].sort()) {
    const delta = byAccount.get(accountId)!;
    if (delta === 0n) continue;
    const updated = await tx
      .update(accounts)
      .set({ balanceMinor: sql`${accounts.balanceMinor} + ${delta}` })
      .where(
        and(
          eq(accounts.id, accountId),
          sql`${accounts.userId} is not null and (case when ${accounts.kind}::text = 'DEBT' then ${accounts.balanceMinor} + ${delta} <= 0 else ${accounts.balanceMinor} + ${delta} >= 0 end)`,
        ),
      )
      .returning({ id: accounts.id });
    if (updated.length === 1) continue;
    const [account] = await tx.select({ userId: accounts.userId }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw new Error(`ledger account ${accountId} does not exist`);
    if (account.userId !== null) throw new InsufficientFundsError(accountId);
  }
  return transaction.id;
}

/**
 * Routes wallet movements through the user's debt: a credit first repays what the user owes, and
 * (only when allowed, for resettlement) a debit larger than the wallet takes the rest as debt.
 * The entries still sum to zero; only which of the user's accounts moves changes.
 */
async function applyDebt(
  tx: Tx,
  entries: Array<{ accountId: string; amountMinor: bigint }>,
  allowDebt: boolean,
): Promise<Array<{ accountId: string; amountMinor: bigint }>> {
  if (entries.length === 0) return entries;
  const wallets = await tx
    .select({ id: accounts.id, userId: accounts.userId, balance: accounts.balanceMinor })
    .from(accounts)
    .where(and(inArray(accounts.id, entries.map((e) => e.accountId)), eq(accounts.kind, 'WALLET')));
  if (wallets.length === 0) return entries;
  const result: Array<{ accountId: string; amountMinor: bigint }> = [];
  for (const entry of entries) {
    const wallet = wallets.find((w) => w.id === entry.accountId);
    if (!wallet?.userId) {
      result.push(entry);
      continue;
    }
    if (entry.amountMinor > 0n) {
      const [debt] = await tx
        .select({ id: accounts.id, balance: accounts.balanceMinor })
        .from(accounts)
        .where(and(eq(accounts.userId, wallet.userId), eq(accounts.kind, 'DEBT')))
        .for('update');
      const repay = debt && debt.balance < 0n ? (entry.amountMinor < -debt.balance ? entry.amountMinor : -debt.balance) : 0n;
      if (repay > 0n) result.push({ accountId: debt.id, amountMinor: repay });
      if (entry.amountMinor - repay !== 0n) result.push({ accountId: entry.accountId, amountMinor: entry.amountMinor - repay });
      continue;
    }
    if (allowDebt) {
      const [locked] = await tx.select({ balance: accounts.balanceMinor }).from(accounts).where(eq(accounts.id, wallet.id)).for('update');
      const shortfall = -entry.amountMinor - locked.balance;
      if (shortfall > 0n) {
        await tx.insert(accounts).values({ userId: wallet.userId, kind: 'DEBT' }).onConflictDoNothing();
        const [debt] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.userId, wallet.userId), eq(accounts.kind, 'DEBT')));
        if (locked.balance > 0n) result.push({ accountId: entry.accountId, amountMinor: -locked.balance });
        result.push({ accountId: debt.id, amountMinor: -shortfall });
        continue;
      }
    }
    result.push(entry);
  }
  return result;
}
