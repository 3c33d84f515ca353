import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const eventStatus = pgEnum('event_status', ['UPCOMING', 'LIVE', 'FINISHED', 'CANCELLED']);
export const marketStatus = pgEnum('market_status', ['OPEN', 'SUSPENDED', 'SETTLED', 'VOID']);
export const selectionStatus = pgEnum('selection_status', ['OPEN', 'WON', 'LOST', 'VOID']);
export const selectionResult = pgEnum('selection_result', ['WON', 'LOST', 'VOID']);
export const eventSource = pgEnum('event_source', ['FEED', 'TRADER']);

export const sports = pgTable('sports', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  sortOrder: integer('sort_order').notNull().default(0),
});

export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sportId: text('sport_id').notNull().references(() => sports.id),
    name: text('name').notNull(),
    home: text('home').notNull(),
    away: text('away').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    status: eventStatus('status').notNull().default('UPCOMING'),
    scoreHome: integer('score_home'),
    scoreAway: integer('score_away'),
    clock: text('clock'),
    source: eventSource('source').notNull().default('TRADER'),
    /** The simulator's private state for events it drives, so another instance can take over. */
    feedState: jsonb('feed_state'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // The lobby and `events(status, sport)` page through events in start order.
    index('events_status_starts_at_idx').on(t.status, t.startsAt, t.id),
    index('events_sport_status_starts_at_idx').on(t.sportId, t.status, t.startsAt, t.id),
    index('events_starts_at_idx').on(t.startsAt, t.id),
    check('events_score_non_negative', sql`coalesce(${t.scoreHome}, 0) >= 0 and coalesce(${t.scoreAway}, 0) >= 0`),
  ],
);

export const markets = pgTable(
  'markets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id').notNull().references(() => events.id),
    name: text('name').notNull(),
    /** A machine name for the market's type (match_result, total_goals_2_5, ...), used by the feed. */
    kind: text('kind').notNull().default('custom'),
    sortOrder: integer('sort_order').notNull().default(0),
    status: marketStatus('status').notNull().default('OPEN'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('markets_event_idx').on(t.eventId, t.sortOrder)],
);

export const selections = pgTable(
  'selections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    marketId: uuid('market_id').notNull().references(() => markets.id),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Decimal odds in hundredths: 2.10 is 210. */
    odds: integer('odds').notNull(),
    previousOdds: integer('previous_odds'),
    status: selectionStatus('status').notNull().default('OPEN'),
    /** The outcome once known (from the feed or a trader), kept until the market is settled. */
    result: selectionResult('result'),
    /**
     * How far the money on this market has moved this selection's probability, in basis points
     * (+300 is x1.03 before normalising). The feed's model and trader prices are multiplied by it.
     */
    moneySkewBps: integer('money_skew_bps').notNull().default(0),
    /** How much the skew has moved (in absolute basis points) since `moneySkewWindowStart`: the per-minute bound. */
    moneySkewWindowBps: integer('money_skew_window_bps').notNull().default(0),
    moneySkewWindowStart: timestamp('money_skew_window_start', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('selections_market_idx').on(t.marketId, t.sortOrder),
    check('selections_odds_range', sql`${t.odds} between 101 and 100000`),
    check('selections_previous_odds_range', sql`${t.previousOdds} is null or ${t.previousOdds} between 101 and 100000`),
  ],
);

export const oddsHistory = pgTable(
  'odds_history',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    selectionId: uuid('selection_id').notNull().references(() => selections.id),
    odds: integer('odds').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('odds_history_selection_idx').on(t.selectionId, t.recordedAt)],
);

/**
 * Every change of a market's status with its time (settlement's SETTLED and unsettlement's
 * SUSPENDED included), so an in-play bet is decided on the status in force when its delay ended,
 * as odds_history gives its odds then. A market with no row before a time was OPEN then.
 */
export const marketStatusHistory = pgTable(
  'market_status_history',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    marketId: uuid('market_id').notNull().references(() => markets.id),
    status: marketStatus('status').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('market_status_history_market_idx').on(t.marketId, t.recordedAt)],
);
