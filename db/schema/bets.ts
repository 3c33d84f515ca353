import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { events, markets, selections, selectionStatus } from './markets';
import { users } from './users';

export const betStatus = pgEnum('bet_status', ['PENDING', 'OPEN', 'WON', 'LOST', 'VOID', 'CASHED_OUT', 'REJECTED']);
export const oddsChangePolicy = pgEnum('odds_change_policy', ['NONE', 'HIGHER', 'ANY']);

export const bets = pgTable(
  'bets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id),
    status: betStatus('status').notNull(),
    stakeMinor: bigint('stake_minor', { mode: 'bigint' }).notNull(),
    /** Product of the legs' odds in hundredths, rounded down (display only; payouts use the legs). */
    oddsHundredths: bigint('odds_hundredths', { mode: 'bigint' }).notNull(),
    potentialPayoutMinor: bigint('potential_payout_minor', { mode: 'bigint' }).notNull(),
    payoutMinor: bigint('payout_minor', { mode: 'bigint' }).notNull().default(sql`0`),
    oddsChangePolicy: oddsChangePolicy('odds_change_policy').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** A digest of the placement input, to tell a retry from a different bet under the same key. */
    requestHash: text('request_hash').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** When a PENDING bet's in-play delay ends. */
    acceptAt: timestamp('accept_at', { withTimezone: true, mode: 'date' }),
    settledAt: timestamp('settled_at', { withTimezone: true, mode: 'date' }),
    rejectionCode: text('rejection_code'),
    rejectionReason: text('rejection_reason'),
    autoCashoutTargetMinor: bigint('auto_cashout_target_minor', { mode: 'bigint' }),
    /** What the current settlement paid (winnings or refund), so a resettlement can take it back. */
    settlementPayoutMinor: bigint('settlement_payout_minor', { mode: 'bigint' }),
    /** The version of the bet's latest cashout offer: each offer takes the next, under the bet's lock. */
    cashoutOfferVersion: integer('cashout_offer_version').notNull().default(0),
  },
  (t) => [
    uniqueIndex('bets_user_idempotency_idx').on(t.userId, t.idempotencyKey),
    index('bets_user_placed_idx').on(t.userId, t.placedAt, t.id),
    index('bets_pending_accept_idx').on(t.acceptAt).where(sql`${t.status} = 'PENDING'`),
    check('bets_stake_positive', sql`${t.stakeMinor} > 0`),
    check('bets_payout_non_negative', sql`${t.payoutMinor} >= 0`),
    check('bets_pending_has_accept_at', sql`${t.status} <> 'PENDING' or ${t.acceptAt} is not null`),
  ],
);

export const betLegs = pgTable(
  'bet_legs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    betId: uuid('bet_id').notNull().references(() => bets.id),
    legIndex: integer('leg_index').notNull(),
    selectionId: uuid('selection_id').notNull().references(() => selections.id),
    marketId: uuid('market_id').notNull().references(() => markets.id),
    eventId: uuid('event_id').notNull().references(() => events.id),
    /** The odds the bettor saw. */
    requestedOdds: integer('requested_odds').notNull(),
    /** The odds the leg stands at: set at placement, then at acceptance for in-play bets. */
    odds: integer('odds').notNull(),
    status: selectionStatus('status').notNull().default('OPEN'),
  },
  (t) => [
    // At most one leg per event in a bet (correlated legs cannot be combined).
    uniqueIndex('bet_legs_bet_event_idx').on(t.betId, t.eventId),
    index('bet_legs_market_open_idx').on(t.marketId).where(sql`${t.status} = 'OPEN'`),
    check('bet_legs_odds_range', sql`${t.odds} between 101 and 100000 and ${t.requestedOdds} between 101 and 100000`),
  ],
);
