import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Named leases: at most one holder at a time, until `expiresAt` unless renewed. */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
});
