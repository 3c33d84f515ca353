import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { signUp } from '../lib/auth/accounts';
import { placeBet } from '../lib/bets/place-bet';
import { createEvent } from '../lib/markets/create-event';
import { getMarketsByEvent } from '../lib/markets/read-markets';
import { createRuntime, type Runtime } from '../lib/runtime';
import { deposit } from '../lib/wallet/deposit';
import { getBalance } from '../lib/wallet/read-wallet';
import { createTestDatabase, testEnv, type TestDatabase } from '../e2e/support/services';
import { openDatabase, type Database } from './client';
import { PgDialect } from 'drizzle-orm/pg-core';
import { composeParts, runComposed, runShaped, slot, type StatementPart } from './statements';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

// Arrays, text and nulls, numbered by position: the kinds of value shaped statements bind (big integers
// in an array go as text: postgres.js would send an array of BigInt as one int8).
let builds = 0;
const sample = (db: Database['db'], values: { ids: string[]; amounts: string[]; note: string | null }) =>
  runShaped<{ id: string; amount: string; ord: string; note: string | null; noteMissing: boolean }>(
    db,
    'test:sample',
    () => (builds++, sql`select id, amount::text as amount, ord::text as ord, ${slot('note')}::text as note, ${slot('note')}::text is null as "noteMissing"
      from unnest(${slot('ids')}::uuid[], ${slot('amounts')}::bigint[]) with ordinality as t (id, amount, ord) order by ord`),
    values,
  );

// Two parts written apart with the same local names, the second reading the first's rows.
const numbers = (from: number[]): StatementPart => ({
  shape: 'numbers',
  build: (n) => sql`${n.cte('rows')} (v) as (select * from unnest(${n.slot('values')}::int[]))`,
  values: { values: from },
});
const doubled: StatementPart = {
  shape: 'doubled',
  build: (n) => sql`${n.cte('rows')} (v) as (select v * ${n.slot('factor')}::int from ${n.of('first').cte('rows')})`,
  values: { factor: 2 },
};

describe('composed statements', () => {
  it('give each part its own placeholders and common table expressions, named by its key', () => {
    const composed = composeParts({ first: numbers([1, 2]), second: doubled });
    const text = new PgDialect().sqlToQuery(composed.build()).sql;
    assert.match(text, /first_rows \(v\) as/);
    assert.match(text, /second_rows \(v\) as \(select v \* \$\d+::int from first_rows\)/);
    assert.deepEqual(composed.values, { first_values: [1, 2], second_factor: 2 });
    assert.equal(composed.shape, 'first=numbers+second=doubled');
  });

  it('refuse a part key that could run into another part\'s names', () => {
    assert.throws(() => composeParts({ first_a: numbers([1]) }).build(), /must be lower-case letters and digits/);
  });

  it('run on embedded PGlite, binding every part\'s values under its own name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportsbook-composed-'));
    const opened = await openDatabase({ dataDir: join(dir, 'db') });
    try {
      const rows = await runComposed<{ v: number }>(opened.db, 'test:composed', { first: numbers([3, 4]), second: doubled }, (names) => sql`select v from ${names('second').cte('rows')} order by v`);
      assert.deepEqual(rows.map((r) => Number(r.v)), [6, 8]);
      const again = await runComposed<{ v: number }>(opened.db, 'test:composed', { first: numbers([5]), second: doubled }, (names) => sql`select v from ${names('second').cte('rows')} order by v`);
      assert.deepEqual(again.map((r) => Number(r.v)), [10]);
    } finally {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('shaped statements', () => {
  let database: TestDatabase | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'sportsbook-statements-'));
  after(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const driver of ['postgres', 'pglite'] as const) {
    it(`bind fresh values on every run, built once, on ${driver === 'postgres' ? 'Postgres' : 'embedded PGlite'}`, async () => {
      if (driver === 'postgres') database = await createTestDatabase();
      const opened = await openDatabase(driver === 'postgres' ? { url: database!.url, dataDir: '.data-unused' } : { dataDir: join(dataDir, 'shaped') });
      try {
        const first = await sample(opened.db, { ids: [A, B], amounts: ['9007199254740993', '-5'], note: 'kept' });
        assert.deepEqual(first.map((r) => ({ ...r })), [
          { id: A, amount: '9007199254740993', ord: '1', note: 'kept', noteMissing: false },
          { id: B, amount: '-5', ord: '2', note: 'kept', noteMissing: false },
        ]);
        // Same shape, other values (and another count): the cached text binds these, not the first run's.
        const second = await sample(opened.db, { ids: [B], amounts: ['7'], note: null });
        assert.deepEqual(second.map((r) => ({ ...r })), [{ id: B, amount: '7', ord: '1', note: null, noteMissing: true }]);
        assert.equal((await sample(opened.db, { ids: [], amounts: [], note: null })).length, 0);
        assert.equal(builds, 1, 'drizzle built the text once, for the first run of the shape');
      } finally {
        await opened.close();
      }
    });
  }

  it('place a bet on embedded PGlite (the default without DATABASE_URL): stake held, legs in order, refused stakes leave nothing', async () => {
    let runtime: Runtime | undefined;
    try {
      runtime = await createRuntime({ ...testEnv('', { DATA_DIR: join(dataDir, 'runtime') }), DATABASE_URL: undefined, REDIS_URL: undefined });
      assert.equal(runtime.database.kind, 'pglite');
      const events = await Promise.all(
        ['Alder', 'Cedar'].map((home) =>
          createEvent(runtime!, { sport: 'football', home, away: 'Birch', startsAt: new Date(Date.now() + 3_600_000), markets: [{ name: 'Winner', selections: [{ name: home, odds: 200 }, { name: 'Birch', odds: 180 }] }] }),
        ),
      );
      const selections = await Promise.all(
        events.map(async (e) => {
          assert.ok(e.ok);
          return (await getMarketsByEvent(runtime!.db, [e.value.id])).get(e.value.id)![0].selections[0].id;
        }),
      );
      const user = await signUp(runtime.db, 'pglite_bettor', 'password123');
      assert.ok(user.ok);
      assert.ok((await deposit(runtime.db, user.value.id, 10_000n, 'd1', runtime.env.DEPOSIT_LIMIT_DEFAULT)).ok);
      const legs = selections.map((selectionId) => ({ selectionId, oddsHundredths: 200 }));

      const placed = await placeBet(runtime, user.value.id, { legs, stakeMinor: 2_500n, idempotencyKey: 'acca', policy: 'NONE' });
      assert.ok(placed.ok && !placed.replayed, JSON.stringify(placed, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
      assert.equal(placed.bet.potentialPayoutMinor, 10_000n);
      assert.equal(await getBalance(runtime.db, user.value.id), 7_500n);
      const stored = await runtime.db.execute(sql`select leg_index, selection_id from bet_legs where bet_id = ${placed.betId} order by leg_index`);
      assert.deepEqual(
        (stored as unknown as { rows: Array<{ leg_index: number; selection_id: string }> }).rows.map((r) => [r.leg_index, r.selection_id]),
        [[0, selections[0]], [1, selections[1]]],
      );
      const timeline = await runtime.db.execute(sql`select kind from bet_events where bet_id = ${placed.betId}`);
      assert.deepEqual((timeline as unknown as { rows: Array<{ kind: string }> }).rows, [{ kind: 'PLACED' }]);

      const again = await placeBet(runtime, user.value.id, { legs, stakeMinor: 2_500n, idempotencyKey: 'acca', policy: 'NONE' });
      assert.deepEqual(again, { ok: true, betId: placed.betId, replayed: true });
      const tooMuch = await placeBet(runtime, user.value.id, { legs, stakeMinor: 9_000n, idempotencyKey: 'big', policy: 'NONE' });
      assert.equal(tooMuch.ok ? 'placed' : tooMuch.code, 'INSUFFICIENT_FUNDS');
      const count = await runtime.db.execute(sql`select count(*)::int as n from bets`);
      assert.equal((count as unknown as { rows: Array<{ n: number }> }).rows[0].n, 1);
      assert.equal(await getBalance(runtime.db, user.value.id), 7_500n);
    } finally {
      await runtime?.close();
    }
  });
});
