import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { events, markets, selections } from './markets';
import { users } from './users';

/** Messages in an event's room; the text is stored as typed (trimmed, control characters removed). */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id').notNull().references(() => events.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('chat_messages_event_idx').on(t.eventId, t.createdAt), check('chat_messages_length', sql`char_length(${t.text}) between 1 and 280`)],
);

export const challengeStatus = pgEnum('challenge_status', ['OPEN', 'TAKEN', 'CANCELLED', 'EXPIRED', 'WON', 'LOST', 'VOID']);

/**
 * A head-to-head bet between two users: the maker backs a selection at odds for a stake; a taker
 * lays it, staking stake x (odds - 1). Both stakes are held; settlement pays the winner both.
 * Status is from the maker's side once settled (WON: the maker won).
 */
export const challenges = pgTable(
  'challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id').notNull().references(() => events.id),
    marketId: uuid('market_id').notNull().references(() => markets.id),
    selectionId: uuid('selection_id').notNull().references(() => selections.id),
    makerId: uuid('maker_id').notNull().references(() => users.id),
    takerId: uuid('taker_id').references(() => users.id),
    odds: integer('odds').notNull(),
    makerStakeMinor: bigint('maker_stake_minor', { mode: 'bigint' }).notNull(),
    takerStakeMinor: bigint('taker_stake_minor', { mode: 'bigint' }).notNull(),
    status: challengeStatus('status').notNull().default('OPEN'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** An untaken challenge expires at kick-off (pre-match) or after a while in play. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true, mode: 'date' }),
    settledAt: timestamp('settled_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('challenges_event_idx').on(t.eventId, t.createdAt),
    index('challenges_market_idx').on(t.marketId, t.status),
    index('challenges_open_expiry_idx').on(t.expiresAt).where(sql`${t.status} = 'OPEN'`),
    check('challenges_odds_range', sql`${t.odds} between 101 and 100000`),
    check('challenges_stakes_positive', sql`${t.makerStakeMinor} > 0 and ${t.takerStakeMinor} > 0`),
  ],
);
