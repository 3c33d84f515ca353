import assert from 'node:assert/strict';
import postgres from 'postgres';

/**
 * Checks the ledger invariants of docs/INVARIANTS.md directly in the database:
 * W1 every transaction sums to zero; W2 every user account's balance equals the sum of its
 * entries; W3 no user balance is negative (a debt is never positive); W4 each user's HELD balance
 * equals the stakes of their PENDING and OPEN bets; W8 each user's ESCROW balance equals their stakes
 * in open (as maker) and taken challenges.
 */
export async function assertLedgerInvariants(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const unbalanced = await sql`select transaction_id, sum(amount_minor)::text as total from ledger_entries group by transaction_id having sum(amount_minor) <> 0`;
    assert.deepEqual([...unbalanced], [], 'W1: every ledger transaction sums to zero');
    const drift = await sql`
      select a.id, a.balance_minor::text as balance, coalesce(sum(e.amount_minor), 0)::text as entries
      from accounts a left join ledger_entries e on e.account_id = a.id
      where a.user_id is not null
      group by a.id having a.balance_minor <> coalesce(sum(e.amount_minor), 0)`;
    assert.deepEqual([...drift], [], 'W2: user balances equal the sum of their entries');
    const negative = await sql`select id from accounts where user_id is not null and ((kind <> 'DEBT' and balance_minor < 0) or (kind = 'DEBT' and balance_minor > 0))`;
    assert.deepEqual([...negative], [], 'W3: no user balance is negative (and no debt is positive)');
    const held = await sql`
      select a.user_id, a.balance_minor::text as held, coalesce(sum(b.stake_minor), 0)::text as stakes
      from accounts a left join bets b on b.user_id = a.user_id and b.status in ('PENDING', 'OPEN')
      where a.kind = 'HELD'
      group by a.user_id, a.balance_minor having a.balance_minor <> coalesce(sum(b.stake_minor), 0)`;
    assert.deepEqual([...held], [], 'W4: held money equals the stakes of unsettled bets');
    const escrow = await sql`
      select a.user_id, a.balance_minor::text as escrow,
        (coalesce((select sum(maker_stake_minor) from challenges c where c.maker_id = a.user_id and c.status in ('OPEN', 'TAKEN')), 0)
         + coalesce((select sum(taker_stake_minor) from challenges c where c.taker_id = a.user_id and c.status = 'TAKEN'), 0))::text as stakes
      from accounts a where a.kind = 'ESCROW'`;
    assert.deepEqual([...escrow].filter((r) => r.escrow !== r.stakes), [], 'W8: escrow equals the stakes of open and taken challenges');
  } finally {
    await sql.end();
  }
}
