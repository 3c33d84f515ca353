import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import type { RunningServer } from '../graphql/start-server';
import { assertLedgerInvariants } from './support/ledger';
import { runMixedLoad, setUpMixedLoad } from './support/mixed-load';
import { startTestServer, traderToken } from './support/server';
import { createTestDatabase, type TestDatabase } from './support/services';

// Every writer at once on two instances sharing one database (real Postgres and Redis): the lock
// order of docs/decisions/0012-lock-order.md must leave Postgres nothing to break, and no client
// may see an internal error because another writer was busy.

const LOAD_MS = Number(process.env.CONCURRENCY_LOAD_MS ?? 20_000);

let database: TestDatabase;
let first: RunningServer;
let second: RunningServer;
let closed = false;

const deadlocks = async (): Promise<number> => {
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select deadlocks::int as n from pg_stat_database where datname = current_database()`;
    return row.n as number;
  } finally {
    await sql.end();
  }
};

before(async () => {
  database = await createTestDatabase();
  const env = {
    REDIS_PREFIX: `sbtest:mixed:${Date.now().toString(36)}:`,
    INPLAY_DELAY_MS: '300',
    BET_RATE_PER_MINUTE: '100000',
    DEPOSIT_LIMIT_DEFAULT: '100000.00',
    CASHOUT_OFFER_THROTTLE_MS: '200',
    LOG_LEVEL: 'fatal',
  };
  first = await startTestServer({ databaseUrl: database.url, env });
  second = await startTestServer({ databaseUrl: database.url, env });
});

after(async () => {
  if (!closed) await Promise.all([first?.close(), second?.close()]);
  await database?.drop();
});

describe('two instances under a mixed load of every writer', () => {
  it('answers every request without an internal error, and Postgres detects no deadlock', { timeout: LOAD_MS + 120_000 }, async () => {
    const trader = await traderToken(first.url);
    const world = await setUpMixedLoad([first.url, second.url], trader, { liveEvents: 3, upcomingEvents: 2, bettors: 14 });
    const deadlocksBefore = await deadlocks();
    const report = await runMixedLoad(world, { durationMs: LOAD_MS, traders: 3 });

    // Every in-play bet is decided: the acceptor kept up and never gave up on a batch.
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const deadline = Date.now() + 20_000;
      let stuck = -1;
      while (stuck !== 0 && Date.now() < deadline) {
        [{ stuck }] = await sql`select count(*)::int as stuck from bets where status = 'PENDING' and accept_at < now() - interval '2 seconds'`;
        if (stuck !== 0) await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(stuck, 0, 'every pending bet was decided within 2 seconds of its delay (eventually)');
    } finally {
      await sql.end();
    }

    // Servers closed first: their backends report what they counted as they exit.
    await Promise.all([first.close(), second.close()]);
    closed = true;
    await new Promise((r) => setTimeout(r, 1500));
    const deadlocksAfter = await deadlocks();

    const answered = Object.values(report.operations).reduce((sum, o) => sum + o.answered, 0);
    const line = Object.entries(report.operations).map(([op, o]) => `${op} ${o.answered}/${o.internal}`).join(', ');
    console.log(`mixed load ${LOAD_MS} ms: ${answered} answered, ${report.internalErrors} internal errors, ${deadlocksAfter - deadlocksBefore} deadlocks (${line})`);
    assert.ok((report.operations['placeBet single in play']?.answered ?? 0) > 50, `the load ran: ${line}`);
    assert.equal(report.internalErrors, 0, `internal errors: ${report.internalSamples.join(' | ')}`);
    assert.equal(deadlocksAfter - deadlocksBefore, 0, 'Postgres detected no deadlock');
    await assertLedgerInvariants(database.url);
  });
});
