import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { runShaped, slot } from '../../db/statements';
import { users } from '../../db/schema';

/**
 * Takes the per-user lock of each user (their `users` row, FOR NO KEY UPDATE) in id order, until
 * the transaction ends. Every transaction that moves a user's money, changes one of their bets or
 * challenges, or writes one of their bet updates takes it first, after any event, market and
 * selection locks and before anything of the user's (docs/decisions/0012-lock-order.md): so a
 * user's writers queue here, in one order, and never cycle; and a statement issued after this one
 * sees every earlier change of these users committed. NO KEY UPDATE leaves the key-share locks
 * that inserts referencing users take (bets, outbox rows) free.
 */
export async function lockUsers(tx: Tx, userIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(userIds)].sort();
  if (ids.length === 0) return;
  await runShaped(tx, 'lock-users', () => sql`select id from ${users} where id = any(${slot('ids')}::uuid[]) order by id for no key update`, { ids });
}
