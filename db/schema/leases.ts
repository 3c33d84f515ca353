import { bigint, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';

/**
 * Named leases: at most one holder at a time, until `expiresAt` unless renewed. `epoch` is the
 * fencing token: it rises by one each time a term begins (the lease changes hands, or a holder
 * takes it again after losing it), never on renewal, and the writes a lease guards check it.
 */
export const leases = pgTable(
  'leases',
  {
    name: text('name').primaryKey(),
    holder: text('holder').notNull(),
    epoch: bigint('epoch', { mode: 'number' }).notNull().default(1),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  // Redundant as a uniqueness rule (the name alone is unique), but it makes `epoch` a key column
  // for Postgres's row locks: a takeover (which changes the epoch) conflicts with the FOR KEY SHARE
  // lock that every fenced transaction holds on the row until it commits, while a renewal (which
  // changes only `expires_at`) does not. See docs/decisions/0014-leases-with-fencing.md.
  (t) => [unique('leases_name_epoch_key').on(t.name, t.epoch)],
);
