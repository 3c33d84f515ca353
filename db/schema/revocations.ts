import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Credentials revoked before they would have expired: API keys (by key id) and signed-out tokens
 * (by token id, `jti`). Every instance loads the live ones at start and reads new ones as they
 * arrive, beside hearing of them through pub/sub, so a socket bound to one is ended everywhere.
 * A row is kept until `expires_at` (a token's own expiry) and then pruned.
 */
export const credentialRevocations = pgTable(
  'credential_revocations',
  {
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.subject] }),
    check('credential_revocations_kind', sql`${t.kind} in ('KEY', 'TOKEN')`),
    index('credential_revocations_created_idx').on(t.createdAt),
    index('credential_revocations_expires_idx').on(t.expiresAt),
  ],
);
