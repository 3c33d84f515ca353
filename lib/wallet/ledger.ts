import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { runComposed, type Bindings, type StatementPart } from '../../db/statements';
import { accounts, ledgerEntries, ledgerTransactions, users } from '../../db/schema';
import { lockUsers } from './lock-users';

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

/**
 * Account ids never change once created, so they are remembered per user (bounded): a bet does
 * not pay two round trips to look them up. User ids are random UUIDs, unique across databases.
 */
const knownAccounts = new Map<string, UserAccounts>();
const KNOWN_ACCOUNTS_MAX = 100_000;

/** The user's WALLET and HELD accounts, created on first use. */
export async function userAccounts(tx: Tx, userId: string): Promise<UserAccounts> {
  const known = knownAccounts.get(userId);
  if (known) return known;
  const found = await tx
    .select({ id: accounts.id, kind: accounts.kind })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), inArray(accounts.kind, ['WALLET', 'HELD'])));
  let rows = found;
  if (found.length < 2) {
    // Created under the user's lock, as everything of the user's is: two first transactions of a
    // new user (a bet and a deposit) then queue there instead of on each other's new rows.
    await lockUsers(tx, [userId]);
    await tx.insert(accounts).values([{ userId, kind: 'WALLET' }, { userId, kind: 'HELD' }]).onConflictDoNothing();
    rows = await tx
      .select({ id: accounts.id, kind: accounts.kind })
      .from(accounts)
      .where(and(eq(accounts.userId, userId), inArray(accounts.kind, ['WALLET', 'HELD'])));
  }
  const walletId = rows.find((r) => r.kind === 'WALLET')?.id;
  const heldId = rows.find((r) => r.kind === 'HELD')?.id;
  if (!walletId || !heldId) throw new Error(`accounts of user ${userId} are missing`);
  // Only ids that existed before this call are remembered: ones created here would vanish if the
  // transaction rolled back.
  if (found.length === 2) {
    if (knownAccounts.size >= KNOWN_ACCOUNTS_MAX) knownAccounts.delete(knownAccounts.keys().next().value!);
    knownAccounts.set(userId, { walletId, heldId });
  }
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
  options: {
    allowDebt?: boolean;
    /** Accounts the caller knows are not wallets (no debt routing to look up). */
    nonWallets?: ReadonlySet<string>;
    /**
     * More statement parts (composeParts) to run in the same statement, after the balance
     * updates: writes that stand or fall with this transaction. `lt` is the ledger's own part.
     */
    alsoWrite?: Readonly<Record<string, StatementPart>>;
    /**
     * Users whose per-user lock (lockUsers) this statement takes first, before it moves any
     * balance, for a caller that has not taken it yet: the lock is then held only for this
     * statement and the commit.
     */
    lockOwners?: readonly string[];
  } = {},
): Promise<string> {
  const sum = requested.reduce((total, e) => total + e.amountMinor, 0n);
  if (sum !== 0n) throw new Error(`unbalanced ledger transaction ${kind} ${reference}: entries sum to ${sum}`);
  const lockOwners = [...new Set(options.lockOwners ?? [])].sort();
  const nonZero = requested.filter((e) => e.amountMinor !== 0n);
  // Routing through the debt reads the wallets, which the owners' lock must come before.
  if (lockOwners.length > 0 && nonZero.some((e) => routesThroughDebt(e, options.allowDebt ?? false, options.nonWallets))) await lockUsers(tx, lockOwners);
  const [entries] = await applyDebt(tx, [nonZero], options.allowDebt ?? false, options.nonWallets);
  if (entries.length === 0) throw new Error(`empty ledger transaction ${kind} ${reference}`);

  // Credits and debits per account, applied in id order so concurrent transactions lock rows in
  // the same order and cannot deadlock.
  const byAccount = new Map<string, bigint>();
  for (const e of entries) byAccount.set(e.accountId, (byAccount.get(e.accountId) ?? 0n) + e.amountMinor);
  const moves = [...byAccount.entries()].filter(([, delta]) => delta !== 0n).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const transactionId = randomUUID();
  const values: Bindings = { id: transactionId, kind, reference, ...(lockOwners.length > 0 ? { owners: lockOwners } : {}) };
  entries.forEach((e, i) => Object.assign(values, { [`account${i}`]: e.accountId, [`amount${i}`]: e.amountMinor }));
  moves.forEach(([accountId, delta], i) => Object.assign(values, { [`moved${i}`]: accountId, [`delta${i}`]: delta }));
  const ledger: StatementPart = {
    // Built into SQL text once per shape: how many entries and moves, and whether it locks.
    shape: `ledger:${entries.length}:${moves.length}${lockOwners.length > 0 ? ':lock' : ''}`,
    build: (n) => {
      // Every balance update reads the lock first, so the owners are locked before any account.
      const lock = lockOwners.length > 0 ? sql`${n.cte('lock')} as (select id from ${users} where id = any(${n.slot('owners')}::uuid[]) order by id for no key update), ` : sql``;
      const updates = moves.map(
        (_, i) => sql`, ${n.cte(`u${i}`)} as (
      update ${accounts} set balance_minor = balance_minor + ${n.slot(`delta${i}`)}
      where id = ${n.slot(`moved${i}`)} and user_id is not null${lockOwners.length > 0 ? sql` and (select count(*) from ${n.cte('lock')}) >= 0` : sql``}
        and (case when kind::text = 'DEBT' then balance_minor + ${n.slot(`delta${i}`)} <= 0 else balance_minor + ${n.slot(`delta${i}`)} >= 0 end)
      returning id)`,
      );
      return sql`${lock}${n.cte('t')} as (insert into ${ledgerTransactions} (id, kind, reference) values (${n.slot('id')}, ${n.slot('kind')}, ${n.slot('reference')})),
    ${n.cte('e')} as (insert into ${ledgerEntries} (transaction_id, account_id, amount_minor) values ${sql.join(
      entries.map((_, i) => sql`(${n.slot('id')}, ${n.slot(`account${i}`)}, ${n.slot(`amount${i}`)})`),
      sql`, `,
    )})${sql.join(updates, sql``)}`;
    },
    values,
  };
  // One statement, one round trip: the transaction, its entries, and each user account's balance
  // moved by a conditional update (never below zero; a debt never above), then what the caller
  // writes with it. The select list runs the updates in the order listed (id order) and says, for
  // an account left unchanged, whether it is the house's (no running balance), a user's
  // (insufficient funds), or missing.
  if (options.alsoWrite && 'lt' in options.alsoWrite) throw new Error('statement part lt is the ledger\'s own');
  const [row] = await runComposed<Record<string, number | boolean | null>>(tx, 'post', { lt: ledger, ...options.alsoWrite }, (names) => {
    const n = names('lt');
    const checks = moves.map(
      (_, i) => sql`(select count(*) from ${n.cte(`u${i}`)})::int as ${sql.raw(`moved${i}`)}, (select user_id is null from ${accounts} where id = ${n.slot(`moved${i}`)}) as ${sql.raw(`house${i}`)}`,
    );
    return sql`select ${sql.join(checks, sql`, `)}`;
  });
  moves.forEach(([accountId], i) => {
    if (Number(row[`moved${i}`]) === 1 || row[`house${i}`] === true) return;
    if (row[`house${i}`] === null) {
      forgetAccount(accountId);
      throw new Error(`ledger account ${accountId} does not exist`);
    }
    throw new InsufficientFundsError(accountId);
  });
  return transactionId;
}

/** One balanced ledger transaction of a batch. */
export interface Posting {
  kind: LedgerTransactionKind;
  reference: string;
  entries: Array<{ accountId: string; amountMinor: bigint }>;
}

/**
 * Posts many balanced ledger transactions in one statement whatever their number (the arrays are
 * bound as parameters, so there is one statement text), with `alsoWrite`'s parts (composeParts)
 * in the same statement: for work decided for a batch at once, such as the in-play acceptor's.
 * Each posting is checked to sum to zero and routed through its owner's debt as postTransaction
 * does; user balances move by a conditional update, and a refused move (a balance that would go
 * below zero) throws, rolling everything back. Callers hold the owners' user rows. `lb` is the
 * ledger's own part. Returns the new transactions' ids, in order.
 */
export async function postTransactions(
  tx: Tx,
  postings: readonly Posting[],
  options: { allowDebt?: boolean; nonWallets?: ReadonlySet<string>; alsoWrite?: Readonly<Record<string, StatementPart>> } = {},
): Promise<string[]> {
  for (const posting of postings) {
    const sum = posting.entries.reduce((total, e) => total + e.amountMinor, 0n);
    if (sum !== 0n) throw new Error(`unbalanced ledger transaction ${posting.kind} ${posting.reference}: entries sum to ${sum}`);
  }
  const routed = await applyDebt(tx, postings.map((p) => p.entries.filter((e) => e.amountMinor !== 0n)), options.allowDebt ?? false, options.nonWallets);
  const ids = postings.map(() => randomUUID());
  const entries = routed.flatMap((list, i) => list.map((e) => ({ transactionId: ids[i], ...e })));
  const deltas = new Map<string, bigint>();
  for (const e of entries) deltas.set(e.accountId, (deltas.get(e.accountId) ?? 0n) + e.amountMinor);
  const moves = [...deltas].filter(([, delta]) => delta !== 0n);
  if (options.alsoWrite && 'lb' in options.alsoWrite) throw new Error('statement part lb is the ledger\'s own');
  const ledger: StatementPart = {
    shape: 'ledger-batch',
    build: (n) => sql`${n.cte('t')} as (
      insert into ${ledgerTransactions} (id, kind, reference)
      select id, kind::ledger_transaction_kind, reference
      from unnest(${n.slot('ids')}::uuid[], ${n.slot('kinds')}::text[], ${n.slot('references')}::text[]) as t(id, kind, reference)
    ), ${n.cte('e')} as (
      insert into ${ledgerEntries} (transaction_id, account_id, amount_minor)
      select * from unnest(${n.slot('entry_transactions')}::uuid[], ${n.slot('entry_accounts')}::uuid[], ${n.slot('entry_amounts')}::bigint[])
    ), ${n.cte('m')} (id, delta) as (
      select * from unnest(${n.slot('move_accounts')}::uuid[], ${n.slot('move_deltas')}::bigint[])
    ), ${n.cte('u')} as (
      update ${accounts} a set balance_minor = a.balance_minor + m.delta
      from ${n.cte('m')} m
      where a.id = m.id and a.user_id is not null
        and (case when a.kind::text = 'DEBT' then a.balance_minor + m.delta <= 0 else a.balance_minor + m.delta >= 0 end)
      returning a.id
    )`,
    values: {
      ids,
      kinds: postings.map((p) => p.kind),
      references: postings.map((p) => p.reference),
      // Big integers inside arrays travel as text (db/statements.ts).
      entry_transactions: entries.map((e) => e.transactionId),
      entry_accounts: entries.map((e) => e.accountId),
      entry_amounts: entries.map((e) => e.amountMinor.toString()),
      move_accounts: moves.map(([id]) => id),
      move_deltas: moves.map(([, delta]) => delta.toString()),
    },
  };
  const [row] = await runComposed<{ moved: number; expected: number; missing: number }>(tx, 'post-batch', { lb: ledger, ...options.alsoWrite }, (names) => {
    const n = names('lb');
    return sql`select (select count(*) from ${n.cte('u')})::int as moved,
      (select count(*) from ${n.cte('m')} m join ${accounts} a on a.id = m.id where a.user_id is not null)::int as expected,
      (select count(*) from ${n.cte('m')} m left join ${accounts} a on a.id = m.id where a.id is null)::int as missing`;
  });
  if (Number(row.missing) > 0) throw new Error(`a ledger account of ${postings.map((p) => p.reference).join(', ')} does not exist`);
  if (Number(row.moved) !== Number(row.expected)) throw new InsufficientFundsError(moves.map(([id]) => id).join(','));
  return ids;
}

/** Drops a remembered account id (it was not found: its creation must have rolled back). */
function forgetAccount(accountId: string): void {
  for (const [userId, ids] of knownAccounts) if (ids.walletId === accountId || ids.heldId === accountId) knownAccounts.delete(userId);
}

/**
 * Whether an entry may be routed through its owner's debt: credits (and, with allowDebt, debits)
 * of wallets; a debit without allowDebt and any movement of a known non-wallet pass as they are.
 */
function routesThroughDebt(entry: { accountId: string; amountMinor: bigint }, allowDebt: boolean, nonWallets: ReadonlySet<string> = new Set()): boolean {
  return (entry.amountMinor > 0n || allowDebt) && !nonWallets.has(entry.accountId);
}

/** A wallet's balance and its owner's debt as this transaction moves them (debt <= 0). */
interface DebtState {
  userId: string;
  balance: bigint;
  debtId: string | null;
  debt: bigint;
}

/**
 * Routes wallet movements through the user's debt: a credit first repays what the user owes, and
 * (only when allowed, for resettlement) a debit larger than the wallet takes the rest as debt.
 * The entries of each posting still sum to zero; only which of the user's accounts moves changes.
 * Works on several postings at once (a batch), carrying each wallet's balance and debt from one to
 * the next, with one read for all of them. Callers hold the owners' user rows (the per-user lock of
 * docs/decisions/0012-lock-order.md), so no other transaction moves these balances meanwhile.
 */
async function applyDebt(
  tx: Tx,
  postings: ReadonlyArray<ReadonlyArray<{ accountId: string; amountMinor: bigint }>>,
  allowDebt: boolean,
  nonWallets: ReadonlySet<string> = new Set(),
): Promise<Array<Array<{ accountId: string; amountMinor: bigint }>>> {
  const routed = new Set(postings.flat().filter((e) => routesThroughDebt(e, allowDebt, nonWallets)).map((e) => e.accountId));
  if (routed.size === 0) return postings.map((entries) => [...entries]);
  const rows = rowsOf<{ id: string; userId: string; balance: string; debtId: string | null; debt: string | null }>(
    await tx.execute(sql`select w.id, w.user_id as "userId", w.balance_minor::text as balance, d.id as "debtId", d.balance_minor::text as debt
      from ${accounts} w left join ${accounts} d on d.user_id = w.user_id and d.kind = 'DEBT'
      where w.id in (${sql.join([...routed].map((id) => sql`${id}::uuid`), sql`, `)}) and w.kind = 'WALLET' and w.user_id is not null
      order by w.id
      for no key update of w`),
  );
  if (rows.length === 0) return postings.map((entries) => [...entries]);
  const wallets = new Map<string, DebtState>(rows.map((r) => [r.id, { userId: r.userId, balance: BigInt(r.balance), debtId: r.debtId, debt: BigInt(r.debt ?? '0') }]));
  const result: Array<Array<{ accountId: string; amountMinor: bigint }>> = [];
  for (const entries of postings) {
    const routedEntries: Array<{ accountId: string; amountMinor: bigint }> = [];
    for (const entry of entries) {
      const wallet = wallets.get(entry.accountId);
      if (!wallet || !routed.has(entry.accountId)) {
        routedEntries.push(entry);
        if (wallet) wallet.balance += entry.amountMinor;
        continue;
      }
      if (entry.amountMinor > 0n) {
        const owed = -wallet.debt;
        const repay = owed > 0n ? (entry.amountMinor < owed ? entry.amountMinor : owed) : 0n;
        if (repay > 0n) routedEntries.push({ accountId: wallet.debtId!, amountMinor: repay });
        if (entry.amountMinor - repay !== 0n) routedEntries.push({ accountId: entry.accountId, amountMinor: entry.amountMinor - repay });
        wallet.debt += repay;
        wallet.balance += entry.amountMinor - repay;
        continue;
      }
      const shortfall = -entry.amountMinor - wallet.balance;
      if (allowDebt && shortfall > 0n) {
        if (!wallet.debtId) {
          await tx.insert(accounts).values({ userId: wallet.userId, kind: 'DEBT' }).onConflictDoNothing();
          const [debt] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.userId, wallet.userId), eq(accounts.kind, 'DEBT')));
          wallet.debtId = debt.id;
        }
        if (wallet.balance > 0n) routedEntries.push({ accountId: entry.accountId, amountMinor: -wallet.balance });
        routedEntries.push({ accountId: wallet.debtId, amountMinor: -shortfall });
        wallet.debt -= shortfall;
        wallet.balance = 0n;
        continue;
      }
      routedEntries.push(entry);
      wallet.balance += entry.amountMinor;
    }
    result.push(routedEntries);
  }
  return result;
}
