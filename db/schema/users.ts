import { sql } from 'drizzle-orm';
import { pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const userRole = pgEnum('user_role', ['BETTOR', 'TRADER']);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    /** scrypt$N$r$p$salt$hash, all base64url. */
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull().default('BETTOR'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // Usernames are unique regardless of case, so "Alice" and "alice" are one account.
  (t) => [uniqueIndex('users_username_lower_idx').on(sql`lower(${t.username})`)],
);
