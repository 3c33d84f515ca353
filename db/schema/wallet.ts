import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * Ledger accounts. Each user has a WALLET (spendable) and HELD (stakes of unsettled bets), and a
 * DEBT account when a resettlement took back more than the wallet held (its balance is zero or
 * negative: what the user owes, repaid first from later credits), and ESCROW for stakes in
 * head-to-head challenges. The house has HOUSE (what it
 * wins and pays) and DEPOSITS (the source of play money).
 */
export const accountKind = pgEnum('account_kind', ['WALLET', 'HELD', 'HOUSE', 'DEPOSITS', 'DEBT', 'ESCROW']);
export const ledgerTransactionKind = pgEnum('ledger_transaction_kind', [
  'DEPOSIT',
  'BET_HOLD',
  'BET_RELEASE',
  'BET_SETTLE',
  'BET_UNSETTLE',
  'CASHOUT',
  'CHALLENGE_HOLD',
  'CHALLENGE_RELEASE',
  'CHALLENGE_SETTLE',
  'CHALLENGE_UNSETTLE',
]);

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id),
    kind: accountKind('kind').notNull(),
    /** The sum of this account's entries, kept in the same transaction as each entry. */
    balanceMinor: bigint('balance_minor', { mode: 'bigint' }).notNull().default(sql`0`),
  },
  (t) => [
    uniqueIndex('accounts_user_kind_idx').on(t.userId, t.kind),
    uniqueIndex('accounts_system_kind_idx').on(t.kind).where(sql`${t.userId} is null`),
    // A user's money never goes below zero; the house and the deposit source may, and a debt is
    // never positive.
    check(
      'accounts_user_balance_non_negative',
      // Compared as text: a new enum value cannot be used in the transaction that adds it.
      sql`${t.userId} is null or (${t.kind}::text = 'DEBT' and ${t.balanceMinor} <= 0) or (${t.kind}::text <> 'DEBT' and ${t.balanceMinor} >= 0)`,
    ),
    check('accounts_owner_matches_kind', sql`(${t.userId} is null) = (${t.kind} in ('HOUSE', 'DEPOSITS'))`),
  ],
);

export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: ledgerTransactionKind('kind').notNull(),
    /** What the movement is for: a bet id, a deposit id. */
    reference: text('reference').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('ledger_transactions_reference_idx').on(t.reference)],
);

/** Entries are only ever inserted (a trigger refuses updates and deletes); each transaction's sum is zero. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    transactionId: uuid('transaction_id').notNull().references(() => ledgerTransactions.id),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    index('ledger_entries_transaction_idx').on(t.transactionId),
    index('ledger_entries_account_idx').on(t.accountId),
    check('ledger_entries_non_zero', sql`${t.amountMinor} <> 0`),
  ],
);

export const deposits = pgTable(
  'deposits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id),
    idempotencyKey: text('idempotency_key').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    transactionId: uuid('transaction_id').notNull().references(() => ledgerTransactions.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deposits_user_key_idx').on(t.userId, t.idempotencyKey),
    index('deposits_user_created_idx').on(t.userId, t.createdAt),
    check('deposits_positive', sql`${t.amountMinor} > 0`),
  ],
);

/**
 * A user's daily deposit limit. Lowering takes effect at once; raising is pending until
 * `pendingFrom`, 24 hours after it was asked for.
 */
export const depositLimits = pgTable(
  'deposit_limits',
  {
    userId: uuid('user_id').primaryKey().references(() => users.id),
    dailyMinor: bigint('daily_minor', { mode: 'bigint' }).notNull(),
    pendingMinor: bigint('pending_minor', { mode: 'bigint' }),
    pendingFrom: timestamp('pending_from', { withTimezone: true, mode: 'date' }),
  },
  (t) => [check('deposit_limits_positive', sql`${t.dailyMinor} > 0 and (${t.pendingMinor} is null or ${t.pendingMinor} > 0)`)],
);
