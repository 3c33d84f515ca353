import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bets } from './bets';
import { users } from './users';

/**
 * The transactional outbox: an outgoing event is written in the same transaction as the change it
 * announces, and a relay publishes committed rows in id order. The id is the per-user cursor
 * (increasing for every user, since it increases globally).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    /** Owner of a per-user event; null for public topics. */
    userId: uuid('user_id').references(() => users.id),
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('outbox_unpublished_idx').on(t.id).where(sql`${t.publishedAt} is null`),
    index('outbox_user_idx').on(t.userId, t.id),
  ],
);

/** Bookkeeping of the outbox: how far published rows have been pruned (older cursors cannot resume). */
export const outboxState = pgTable('outbox_state', {
  name: text('name').primaryKey(),
  value: bigint('value', { mode: 'bigint' }).notNull(),
});

/** Every update of a bet, kept for good: the ticket's timeline (the outbox is pruned). */
export const betEvents = pgTable(
  'bet_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    betId: uuid('bet_id').notNull().references(() => bets.id),
    kind: text('kind').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('bet_events_bet_idx').on(t.betId, t.id)],
);
