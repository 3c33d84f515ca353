import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql as q } from 'drizzle-orm';
import postgres from 'postgres';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { eventually } from '../e2e/support/processes';
import { isUnavailable } from '../lib/unavailable';
import { DEFAULT_POOL, openDatabase, poolClientOptions, type Database } from './client';

// How the pool behaves when Postgres drops its sessions (docs/decisions/0010-postgres-recovery-and-readiness.md).

describe('the pool’s reconnect backoff', () => {
  it('starts small and never waits longer than DATABASE_RECONNECT_MAX_MS between attempts', () => {
    const backoff = poolClientOptions({ ...DEFAULT_POOL, reconnectMaxMs: 800 }).backoff as (retries: number) => number;
    for (let retries = 0; retries < 40; retries += 1) {
      const seconds = backoff(retries);
      assert.ok(seconds >= 0 && seconds <= 0.8, `${retries} failed attempts: waits ${seconds} s`);
    }
    assert.ok(backoff(1) <= 0.1, 'the first retries come quickly');
  });
});

describe('a pool on a database whose sessions are terminated', () => {
  let database: TestDatabase;
  let opened: Database;
  let admin: postgres.Sql;
  before(async () => {
    database = await createTestDatabase();
    opened = await openDatabase({ url: database.url, dataDir: '.data-unused', pool: { size: 6, statementTimeoutMs: 500 } });
    admin = postgres(database.url, { max: 1, onnotice: () => {}, connection: { application_name: 'pool-test-admin' } });
  });
  after(async () => {
    await opened?.close();
    await admin?.end({ timeout: 1 });
    await database?.drop();
  });

  const terminateOthers = () => admin`
    select count(*) filter (where pg_terminate_backend(pid))::int as ended from pg_stat_activity
    where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`;

  it('serves on every connection again after its sessions are ended over and over while busy', async () => {
    for (let round = 0; round < 6; round += 1) {
      const busy = Array.from({ length: 30 }, (_, i) => opened.db.execute(q`select pg_sleep(${(i % 5) / 100})`).then(() => 'ok', (e: unknown) => e));
      await new Promise((r) => setTimeout(r, 10 + round * 7));
      await terminateOthers();
      const outcomes = await Promise.all(busy);
      for (const outcome of outcomes) if (outcome !== 'ok') assert.ok(isUnavailable(outcome), `a failure that is not an outage: ${String(outcome)}`);
    }
    // All six connections, at once, answer again.
    await eventually(async () => {
      const answers = await Promise.all(Array.from({ length: 12 }, () => opened.db.execute(q`select 1 as one`).then(() => true, () => false)));
      return answers.every(Boolean);
    }, 10_000, 'every pooled connection answers');
    assert.equal(await opened.ping(), true);
  });

  it('ends a statement that runs past the statement timeout with an outage error instead of waiting', async () => {
    const error = await opened.db.execute(q`select pg_sleep(3)`).then(() => null, (e: unknown) => e);
    assert.ok(error, 'the statement was cancelled');
    assert.ok(isUnavailable(error), String(error));
  });

  it('pings on a connection of its own, which recovers after being terminated too', async () => {
    assert.equal(await opened.ping(), true);
    await terminateOthers();
    await eventually(() => opened.ping(), 10_000, 'the health ping answers again');
  });
});
