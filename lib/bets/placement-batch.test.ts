import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import postgres from 'postgres';
import { assertLedgerInvariants } from '../../e2e/support/ledger';
import { createLiveTestEvent, useTestRuntime } from '../../e2e/support/runtime';
import { signUp } from '../auth/accounts';
import { deposit } from '../wallet/deposit';
import { getBalance } from '../wallet/read-wallet';
import { placeBet, type PlaceBetInput, type PlaceBetResult } from './place-bet';
import { getBet } from './read-bets';

// Group commit: placements that arrive while a batch is being written join the next batch, one
// transaction per batch. The first placement of each test runs alone (an idle instance writes at
// once) and the rest, issued in the same tick, wait for it and form one batch: bets of one batch
// share their placement time, which is how the tests see that they were written together.

const test = useTestRuntime({ INPLAY_DELAY_MS: '60000' });
const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v));

async function bettor(fundsMinor: bigint): Promise<string> {
  const user = await signUp(test.runtime.db, `grp_${randomUUID().slice(0, 8)}`, 'password123');
  if (!user.ok) throw new Error(user.message);
  if (fundsMinor > 0n) assert.ok((await deposit(test.runtime.db, user.value.id, fundsMinor, 'seed', 1_000_000_00n)).ok);
  return user.value.id;
}

async function selection(): Promise<string> {
  const { markets } = await createLiveTestEvent(test.runtime);
  return markets[0].selections[0].id;
}

const single = (selectionId: string, stakeMinor: bigint, idempotencyKey: string = randomUUID()): PlaceBetInput => ({
  legs: [{ selectionId, oddsHundredths: 180 }],
  stakeMinor,
  idempotencyKey,
  policy: 'ANY',
});

const placedAt = async (userId: string, result: PlaceBetResult) => {
  assert.ok(result.ok, json(result));
  return (await getBet(test.runtime.db, userId, result.betId))!.placedAt.getTime();
};

const admin = () => postgres(test.runtime.env.DATABASE_URL!, { max: 1, onnotice: () => {} });

/** Polls until a backend of this database waits for a lock in a statement matching `marker` (a regular expression); returns its pid. */
async function waitingBackend(sql: postgres.Sql, marker: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [row] = await sql`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ~ ${marker} limit 1`;
    if (row) return row.pid as number;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no backend waited for a lock in a statement with ${marker}`);
}

describe('placement batches (group commit)', () => {
  it('refuses the one bet of a batch its wallet cannot cover and places the rest', async () => {
    const s = await selection();
    const [opener, rich1, poor, rich2] = await Promise.all([bettor(10_000n), bettor(10_000n), bettor(500n), bettor(10_000n)]);
    const [first, ...batch] = await Promise.all([
      placeBet(test.runtime, opener, single(s, 100n)),
      placeBet(test.runtime, rich1, single(s, 1_000n)),
      placeBet(test.runtime, poor, single(s, 1_000n)),
      placeBet(test.runtime, rich2, single(s, 2_000n)),
    ]);
    assert.ok(first.ok, json(first));
    assert.equal(batch[1].ok ? 'placed' : batch[1].code, 'INSUFFICIENT_FUNDS');
    assert.equal(await placedAt(rich1, batch[0]), await placedAt(rich2, batch[2]), 'the two covered bets were written by one batch');
    assert.equal(await getBalance(test.runtime.db, rich1), 9_000n);
    assert.equal(await getBalance(test.runtime.db, poor), 500n, 'the refused bet moved nothing');
    assert.equal(await getBalance(test.runtime.db, rich2), 8_000n);
    await assertLedgerInvariants(test.runtime.env.DATABASE_URL!);
  });

  it('decides two bets of one user in one batch in order: the one that would overspend is refused, a later one that fits is placed', async () => {
    const s = await selection();
    const [opener, user] = await Promise.all([bettor(10_000n), bettor(1_000n)]);
    const results = await Promise.all([
      placeBet(test.runtime, opener, single(s, 100n)),
      placeBet(test.runtime, user, single(s, 600n)),
      placeBet(test.runtime, user, single(s, 500n)),
      placeBet(test.runtime, user, single(s, 300n)),
    ]);
    const [, sixHundred, fiveHundred, threeHundred] = results;
    assert.ok(sixHundred.ok && !sixHundred.replayed, json(sixHundred));
    assert.equal(fiveHundred.ok ? 'placed' : fiveHundred.code, 'INSUFFICIENT_FUNDS');
    assert.ok(threeHundred.ok && !threeHundred.replayed, json(threeHundred));
    assert.equal(await placedAt(user, sixHundred), await placedAt(user, threeHundred), 'one batch');
    assert.equal(await getBalance(test.runtime.db, user), 100n);
    await assertLedgerInvariants(test.runtime.env.DATABASE_URL!);
  });

  it('answers the same idempotency key twice in one batch with one bet, and a different bet under it with IDEMPOTENCY_CONFLICT', async () => {
    const s = await selection();
    const [opener, user] = await Promise.all([bettor(10_000n), bettor(10_000n)]);
    const [, a, b, c] = await Promise.all([
      placeBet(test.runtime, opener, single(s, 100n)),
      placeBet(test.runtime, user, single(s, 700n, 'same-key')),
      placeBet(test.runtime, user, single(s, 700n, 'same-key')),
      placeBet(test.runtime, user, single(s, 900n, 'same-key')),
    ]);
    assert.ok(a.ok && !a.replayed, json(a));
    assert.deepEqual(b, { ok: true, betId: a.betId, replayed: true });
    assert.equal(c.ok ? 'placed' : c.code, 'IDEMPOTENCY_CONFLICT');
    assert.equal(await getBalance(test.runtime.db, user), 9_300n, 'charged once');
    const sql = admin();
    try {
      const [row] = await sql`select count(*)::int as n from bets where user_id = ${user}`;
      assert.equal(row.n, 1);
    } finally {
      await sql.end();
    }
  });

  it('decides a batch again when a price it was decided on moved before its write', async () => {
    const s = await selection();
    const [nonePolicy, anyPolicy] = await Promise.all([bettor(10_000n), bettor(10_000n)]);
    const sql = admin();
    const holder = admin();
    try {
      const held = await holder.begin(async (tx) => {
        await tx`select id from selections where id = ${s} for update`;
        // Both read the price unlocked (1.80) and are priced on it; their write waits for the selection...
        const placing = Promise.all([
          placeBet(test.runtime, nonePolicy, { ...single(s, 1_000n), policy: 'NONE' }),
          placeBet(test.runtime, anyPolicy, single(s, 1_000n)),
        ]);
        await waitingBackend(sql, 'ex_now');
        // ...while the price moves: the write finds it moved, writes nothing, and the batch is decided again.
        await tx`update selections set previous_odds = odds, odds = 250 where id = ${s}`;
        return { placing };
      });
      const [none, any] = await held.placing;
      assert.equal(none.ok ? 'placed' : none.code, 'ODDS_CHANGED', json(none));
      assert.ok(any.ok && !any.replayed, json(any));
      assert.equal(any.bet.oddsHundredths, 250, 'placed at the price that holds when it is written, not the one first read');
      assert.equal(await getBalance(test.runtime.db, nonePolicy), 10_000n);
      assert.equal(await getBalance(test.runtime.db, anyPolicy), 9_000n);
      await assertLedgerInvariants(test.runtime.env.DATABASE_URL!);
    } finally {
      await sql.end();
      await holder.end();
    }
  });

  it('runs a batch that a deadlock rolled back again, and answers every bet of it as placed', async () => {
    const s = await selection();
    const [blocked, other1, other2] = await Promise.all([bettor(10_000n), bettor(10_000n), bettor(10_000n)]);
    const sql = admin();
    const holder = admin();
    try {
      const [before] = await sql`select deadlocks::int as n from pg_stat_database where datname = current_database()`;
      // Out of the lock order on purpose: a user's row first, then (below) the selection the batch share-locked.
      const held = holder.begin(async (tx) => {
        await tx`set local deadlock_timeout = '30s'`;
        await tx`select id from users where id = ${blocked} for no key update`;
        const placing = Promise.all([
          placeBet(test.runtime, blocked, single(s, 1_000n)),
          placeBet(test.runtime, other1, single(s, 1_000n)),
          placeBet(test.runtime, other2, single(s, 1_000n)),
        ]);
        // The batch holds the selection (share) and waits for the user: asking for the selection now closes the cycle,
        // and Postgres (the batch's backend checks after 1 s; this one after 30 s) rolls the batch back.
        // (The write statement's text as Postgres shows it is cut at 1 kB: its first CTE, ex_now, names it.)
        await waitingBackend(sql, 'ex_now|ph_lock');
        await tx`select id from selections where id = ${s} for update`;
        // Not awaited here: the retried batch waits for this transaction to commit.
        return { placing };
      });
      const results = await (await held).placing;
      for (const [i, r] of results.entries()) assert.ok(r.ok && !r.replayed, `bet ${i}: ${json(r)}`);
      const [after] = await sql`select deadlocks::int as n from pg_stat_database where datname = current_database()`;
      assert.ok(after.n > before.n, 'a deadlock was detected');
      for (const user of [blocked, other1, other2]) assert.equal(await getBalance(test.runtime.db, user), 9_000n);
      await assertLedgerInvariants(test.runtime.env.DATABASE_URL!);
    } finally {
      await sql.end();
      await holder.end();
    }
  });

  it('runs a batch whose connection was killed again, and answers every bet of it as placed, once', async () => {
    const s = await selection();
    const users = await Promise.all([bettor(10_000n), bettor(10_000n), bettor(10_000n)]);
    const sql = admin();
    const holder = admin();
    try {
      const held = await holder.begin(async (tx) => {
        await tx`select id from selections where id = ${s} for update`;
        const placing = Promise.all(users.map((u) => placeBet(test.runtime, u, single(s, 1_000n))));
        // The batch's write (its own transaction, share-locking the selection: ex_now) or, run again, its locked read (pr_legs).
        const pid = await waitingBackend(sql, 'ex_now|pr_legs');
        const [killed] = await sql`select pg_terminate_backend(${pid}) as done`;
        assert.equal(killed.done, true);
        // Not awaited here: the batch, run again, waits for this transaction to commit.
        return { placing };
      });
      const results = await held.placing;
      for (const [i, r] of results.entries()) assert.ok(r.ok && !r.replayed, `bet ${i}: ${json(r)}`);
      for (const user of users) assert.equal(await getBalance(test.runtime.db, user), 9_000n);
      const [row] = await sql`select count(*)::int as n from bets where user_id = any(${users}::uuid[])`;
      assert.equal(row.n, 3);
      await assertLedgerInvariants(test.runtime.env.DATABASE_URL!);
    } finally {
      await sql.end();
      await holder.end();
    }
  });
});
