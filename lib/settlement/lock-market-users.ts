import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { betLegs, bets, challenges } from '../../db/schema';
import type { BetStatus } from '../bets/read-bets';
import { lockUsers } from '../wallet/lock-users';

/**
 * Takes the per-user locks of everyone a settlement or unsettlement of the market can touch: the
 * owners of its bets in `betStatuses` (their bets change, or their legs do) and both sides of its
 * challenges. Called once the market's selections are locked, so no bet or challenge can join the
 * market meanwhile (placing and offering share-lock the selection first); then the users, in id
 * order, as docs/decisions/0012-lock-order.md asks, before any of their bets, challenges or money.
 */
export async function lockMarketUsers(tx: Tx, marketId: string, betStatuses: readonly BetStatus[]): Promise<void> {
  const rows = rowsOf<{ userId: string }>(
    await tx.execute(sql`select b.user_id as "userId" from ${betLegs} l join ${bets} b on b.id = l.bet_id
      where l.market_id = ${marketId} and b.status::text in (${sql.join(betStatuses.map((s) => sql`${s}`), sql`, `)})
      union select maker_id from ${challenges} where market_id = ${marketId} and status in ('OPEN', 'TAKEN', 'WON', 'LOST', 'VOID')
      union select taker_id from ${challenges} where market_id = ${marketId} and taker_id is not null and status in ('TAKEN', 'WON', 'LOST', 'VOID')`),
  );
  await lockUsers(tx, rows.map((r) => r.userId));
}
