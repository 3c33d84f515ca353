import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { ok, reject, type Result } from '../result';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords';
import type { Role } from './tokens';

export interface User {
  id: string;
  username: string;
  role: Role;
}

const USERNAME = /^[a-zA-Z0-9_.-]{3,32}$/;
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const;

function userColumns() {
  return { id: users.id, username: users.username, role: users.role };
}

/** Creates a bettor account; usernames are unique regardless of case. */
export async function signUp(db: Db, username: string, password: string): Promise<Result<User, 'INVALID_INPUT' | 'USERNAME_TAKEN'>> {
  const name = username.trim();
  if (!USERNAME.test(name)) return reject('INVALID_INPUT', 'A username is 3 to 32 letters, digits, dots, dashes or underscores.');
  if (password.length < PASSWORD_LENGTH.min || password.length > PASSWORD_LENGTH.max) {
    return reject('INVALID_INPUT', `A password is ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters.`);
  }
  const passwordHash = await hashPassword(password);
  const [user] = await db.insert(users).values({ username: name, passwordHash }).onConflictDoNothing().returning(userColumns());
  return user ? ok(user) : reject('USERNAME_TAKEN', 'That username is taken.');
}

/** Checks a username and password; the answer does not reveal which of the two was wrong. */
export async function signIn(db: Db, username: string, password: string): Promise<Result<User, 'INVALID_CREDENTIALS'>> {
  const [row] = await db
    .select({ ...userColumns(), passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.trim().toLowerCase()));
  const valid = await verifyPassword(password.slice(0, PASSWORD_LENGTH.max), row?.passwordHash ?? (await DUMMY_HASH_PROMISE));
  if (!row || !valid) return reject('INVALID_CREDENTIALS', 'Wrong username or password.');
  return ok({ id: row.id, username: row.username, role: row.role });
}

/** Loads users by id; unknown ids are left out. */
export async function getUser(db: Db, id: string): Promise<User | null> {
  const [row] = await db.select(userColumns()).from(users).where(eq(users.id, id));
  return row ?? null;
}

/**
 * Makes sure the configured trader account exists with the configured password. Safe when
 * several instances start at once: the insert and the update are each one statement.
 */
export async function ensureTrader(db: Db, username: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const [existing] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, role: users.role })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  if (!existing) {
    await db.insert(users).values({ username, passwordHash, role: 'TRADER' }).onConflictDoNothing();
    return;
  }
  if (existing.role !== 'TRADER' || !(await verifyPassword(password, existing.passwordHash))) {
    await db.update(users).set({ role: 'TRADER', passwordHash }).where(eq(users.id, existing.id));
  }
}
