import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bets } from './bets';
import { users } from './users';

export const offerStatus = pgEnum('cashout_offer_status', ['OPEN', 'ACCEPTED', 'SUPERSEDED']);

/**
 * A cashout quote: what `percent` of a bet's stake is worth, from which odds, until when. A newer
 * offer for the bet supersedes it; accepting it stores the outcome so a repeat returns the same.
 */
export const cashoutOffers = pgTable(
  'cashout_offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    betId: uuid('bet_id').notNull().references(() => bets.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    percent: integer('percent').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    stakePortionMinor: bigint('stake_portion_minor', { mode: 'bigint' }).notNull(),
    /** Current odds of the bet's open legs when quoted: [{ selectionId, odds }]. */
    odds: jsonb('odds').notNull(),
    status: offerStatus('status').notNull().default('OPEN'),
    /** AUTO when made by an auto-cashout rule. */
    source: text('source').notNull().default('REQUEST'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    /**
     * 1, 2, 3, ... per bet, in the order the offers were made under the bet's lock (which is also
     * the order of the odds they were valued at): a later version never carries older odds.
     */
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('cashout_offers_bet_idx').on(t.betId, t.createdAt),
    check('cashout_offers_percent_range', sql`${t.percent} between 1 and 100`),
    check('cashout_offers_amount_positive', sql`${t.amountMinor} > 0 and ${t.stakePortionMinor} > 0`),
  ],
);
