import assert from 'node:assert/strict';
import postgres from 'postgres';

/** One invariant of docs/INVARIANTS.md as a query for the rows that break it. */
interface InvariantCheck {
  id: string;
  rule: string;
  /** Only meaningful once the system is quiet (no bet due and undecided, every row relayed). */
  quietOnly?: boolean;
  query: (sql: postgres.Sql) => Promise<postgres.RowList<postgres.Row[]>>;
}

/** What a check found: the number of rows breaking it and up to five of them. */
export interface InvariantResult {
  id: string;
  rule: string;
  violations: number;
  sample: unknown[];
}

const LEDGER_CHECKS: InvariantCheck[] = [
  {
    id: 'W1',
    rule: 'every ledger transaction sums to zero',
    query: (sql) => sql`select transaction_id, sum(amount_minor)::text as total from ledger_entries group by transaction_id having sum(amount_minor) <> 0`,
  },
  {
    id: 'W2',
    rule: 'user balances equal the sum of their entries',
    query: (sql) => sql`
      select a.id, a.balance_minor::text as balance, coalesce(sum(e.amount_minor), 0)::text as entries
      from accounts a left join ledger_entries e on e.account_id = a.id
      where a.user_id is not null
      group by a.id having a.balance_minor <> coalesce(sum(e.amount_minor), 0)`,
  },
  {
    id: 'W3',
    rule: 'no user balance is negative (and no debt is positive)',
    query: (sql) => sql`select id from accounts where user_id is not null and ((kind <> 'DEBT' and balance_minor < 0) or (kind = 'DEBT' and balance_minor > 0))`,
  },
  {
    id: 'W4',
    rule: 'held money equals the stakes of unsettled bets',
    query: (sql) => sql`
      select a.user_id, a.balance_minor::text as held, coalesce(sum(b.stake_minor), 0)::text as stakes
      from accounts a left join bets b on b.user_id = a.user_id and b.status in ('PENDING', 'OPEN')
      where a.kind = 'HELD'
      group by a.user_id, a.balance_minor having a.balance_minor <> coalesce(sum(b.stake_minor), 0)`,
  },
  {
    id: 'W8',
    rule: 'escrow equals the stakes of open and taken challenges',
    query: (sql) => sql`
      select * from (
        select a.user_id, a.balance_minor as escrow,
          coalesce((select sum(maker_stake_minor) from challenges c where c.maker_id = a.user_id and c.status in ('OPEN', 'TAKEN')), 0)
          + coalesce((select sum(taker_stake_minor) from challenges c where c.taker_id = a.user_id and c.status = 'TAKEN'), 0) as stakes
        from accounts a where a.kind = 'ESCROW') x
      where escrow <> stakes`,
  },
];

// The rest of docs/INVARIANTS.md that a query over the tables can check (M3 and its fencing
// counterpart need the lease's history; D2 and D3 need a subscriber: see e2e/chaos).
const OTHER_CHECKS: InvariantCheck[] = [
  {
    id: 'O1',
    rule: 'every selection has odds within 1.01 to 1000.00',
    query: (sql) => sql`select id from selections where odds not between 101 and 100000 or (previous_odds is not null and previous_odds not between 101 and 100000)`,
  },
  {
    id: 'M1',
    rule: 'every selection’s odds are the last ones in its odds history',
    query: (sql) => sql`
      select s.id, s.odds, h.odds as history from selections s
      left join lateral (select odds from odds_history where selection_id = s.id order by id desc limit 1) h on true
      where h.odds is distinct from s.odds`,
  },
  {
    id: 'W6',
    rule: 'deposits of the last 24 hours stay within the daily limit',
    query: (sql) => sql`
      select d.user_id, sum(d.amount_minor)::text as deposited from deposits d
      left join deposit_limits l on l.user_id = d.user_id
      where d.created_at > now() - interval '24 hours'
      group by d.user_id, l.daily_minor, l.pending_minor, l.pending_from
      having sum(d.amount_minor) > coalesce(case when l.pending_from <= now() then l.pending_minor end, l.daily_minor, 500000)`,
  },
  {
    id: 'W7',
    rule: 'a (user, idempotency key) has at most one deposit and at most one bet',
    query: (sql) => sql`
      select 'deposit' as what, user_id, idempotency_key from deposits group by user_id, idempotency_key having count(*) > 1
      union all
      select 'bet', user_id, idempotency_key from bets group by user_id, idempotency_key having count(*) > 1`,
  },
  {
    id: 'B2',
    rule: 'a bet has 1 to 20 legs, at most one per event',
    query: (sql) => sql`
      select b.id from bets b left join bet_legs l on l.bet_id = b.id
      group by b.id having count(l.id) not between 1 and 20 or count(l.id) <> count(distinct l.event_id)`,
  },
  {
    id: 'B3',
    rule: 'a PENDING bet has accept_at and is decided (ACCEPTED or REJECTED) at most once',
    query: (sql) => sql`
      select b.id from bets b where b.status = 'PENDING' and b.accept_at is null
      union all
      select bet_id from bet_events where kind in ('ACCEPTED', 'REJECTED') group by bet_id having count(*) > 1`,
  },
  {
    id: 'B3+',
    rule: 'every PENDING bet whose delay ended 30 s ago has been decided',
    quietOnly: true,
    query: (sql) => sql`select id, accept_at from bets where status = 'PENDING' and accept_at < now() - interval '30 seconds'`,
  },
  {
    id: 'B4',
    rule: 'every bet has its legs, exactly one stake hold and its PLACED update',
    query: (sql) => sql`
      select b.id from bets b
      where not exists (select 1 from bet_legs l where l.bet_id = b.id)
        or (select count(*) from ledger_transactions t where t.reference = b.id::text and t.kind = 'BET_HOLD') <> 1
        or not exists (select 1 from bet_events e where e.bet_id = b.id and e.kind = 'PLACED')`,
  },
  {
    id: 'C2',
    rule: 'a cashout offer is paid at most once',
    query: (sql) => sql`select reference from ledger_transactions where kind = 'CASHOUT' group by reference having count(*) > 1`,
  },
  {
    id: 'C4',
    rule: 'an auto-cashout fires at most once per bet',
    query: (sql) => sql`select bet_id from cashout_offers where source = 'AUTO' and status = 'ACCEPTED' group by bet_id having count(*) > 1`,
  },
  {
    id: 'S2',
    rule: 'settlements minus unsettlements of a bet are 1 if it is WON, LOST or VOID, else 0',
    query: (sql) => sql`
      select b.id, b.status, x.settles, x.unsettles from bets b
      join (select reference, count(*) filter (where kind = 'BET_SETTLE') as settles, count(*) filter (where kind = 'BET_UNSETTLE') as unsettles
            from ledger_transactions where kind in ('BET_SETTLE', 'BET_UNSETTLE') group by reference) x on x.reference = b.id::text
      where x.settles - x.unsettles <> case when b.status in ('WON', 'LOST', 'VOID') then 1 else 0 end
      union all
      select b.id, b.status, 0, 0 from bets b
      where b.status in ('WON', 'LOST', 'VOID') and not exists (select 1 from ledger_transactions t where t.reference = b.id::text and t.kind = 'BET_SETTLE')`,
  },
  {
    id: 'S3',
    rule: 'a CASHED_OUT bet is never settled or unsettled after its cashout',
    query: (sql) => sql`
      select b.id from bets b
      join cashout_offers o on o.bet_id = b.id and o.status = 'ACCEPTED'
      join ledger_transactions c on c.reference = o.id::text and c.kind = 'CASHOUT'
      where b.status = 'CASHED_OUT'
      group by b.id
      having exists (select 1 from ledger_transactions t where t.reference = b.id::text and t.kind in ('BET_SETTLE', 'BET_UNSETTLE') and t.created_at > max(c.created_at))`,
  },
  {
    id: 'D1',
    rule: 'every bet update has its outbox row and its timeline entry',
    query: (sql) => sql`
      select coalesce(o.bet_id, t.bet_id) as bet_id, coalesce(o.kind, t.kind) as kind, o.n as outbox, t.n as timeline
      from (select (payload->>'betId')::uuid as bet_id, payload->>'kind' as kind, count(*) as n from outbox where topic = 'bets' group by 1, 2) o
      full join (select bet_id, kind, count(*) as n from bet_events group by 1, 2) t on t.bet_id = o.bet_id and t.kind = o.kind
      where o.n is distinct from t.n`,
  },
];

/**
 * Runs every invariant of docs/INVARIANTS.md that the tables can show, in one snapshot (repeatable
 * read), and returns what each found. `quiet` adds the checks that hold only once nothing is due.
 */
export async function invariantViolations(databaseUrl: string, options: { quiet?: boolean } = {}): Promise<InvariantResult[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await sql.begin('isolation level repeatable read read only', async (tx) => {
      const results: InvariantResult[] = [];
      for (const check of [...LEDGER_CHECKS, ...OTHER_CHECKS]) {
        if (check.quietOnly && !options.quiet) continue;
        const rows = await check.query(tx as unknown as postgres.Sql);
        results.push({ id: check.id, rule: check.rule, violations: rows.length, sample: [...rows].slice(0, 5) });
      }
      return results;
    });
  } finally {
    await sql.end();
  }
}

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
    for (const check of LEDGER_CHECKS) assert.deepEqual([...(await check.query(sql))], [], `${check.id}: ${check.rule}`);
  } finally {
    await sql.end();
  }
}
