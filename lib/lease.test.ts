import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/client';
import { FreezableProxy } from '../e2e/support/freezable-proxy';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { fencedDb } from './fenced-db';
import { acquireLease, LeaseLostError, releaseLease, renewLease } from './lease';
import { startLeaseKeeper, type LeaseKeeper } from './lease-keeper';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('leases with fencing', () => {
  let database: TestDatabase;
  let opened: Database;
  let admin: postgres.Sql;
  before(async () => {
    database = await createTestDatabase();
    opened = await openDatabase({ url: database.url, dataDir: '.data' });
    admin = postgres(database.url, { max: 2, onnotice: () => {} });
    await admin`create table term_writes (lease text not null, epoch bigint not null, holder text not null, at timestamptz not null default clock_timestamp())`;
  });
  after(async () => {
    await admin?.end();
    await opened?.close();
    await database?.drop();
  });
  const expire = (name: string) => admin`update leases set expires_at = clock_timestamp() where name = ${name}`;
  /** A write guarded by the lease: it records the term it was made under. */
  const guardedWrite = (db: typeof opened.db, fence: { name: string; holder: string; epoch: number }) =>
    fencedDb(db, fence).execute(sql`insert into term_writes (lease, epoch, holder) values (${fence.name}, ${fence.epoch}, ${fence.holder})`);

  it('raises the epoch with every new term, never on renewal, and refuses the writes of a term that is over', async () => {
    const db = opened.db;
    const first = await acquireLease(db, 'unit', 'a', 10_000);
    assert.deepEqual(first, { name: 'unit', holder: 'a', epoch: 1 });
    assert.equal(await acquireLease(db, 'unit', 'b', 10_000), null, 'a running term is not taken');
    assert.equal(await renewLease(db, first, 10_000), true);
    await guardedWrite(db, first);

    await expire('unit');
    assert.equal(await renewLease(db, first, 10_000), false, 'an expired term is not revived by a renewal');
    const second = await acquireLease(db, 'unit', 'b', 10_000);
    assert.deepEqual(second, { name: 'unit', holder: 'b', epoch: 2 });
    await assert.rejects(guardedWrite(db, first), LeaseLostError, 'the former holder cannot write');
    await assert.rejects(
      fencedDb(db, first).transaction(async (tx) => tx.execute(sql`insert into term_writes (lease, epoch, holder) values ('unit', 1, 'a')`)),
      LeaseLostError,
    );
    await guardedWrite(db, second);

    await releaseLease(db, second);
    assert.deepEqual(await acquireLease(db, 'unit', 'a', 10_000), { name: 'unit', holder: 'a', epoch: 3 }, 'a released lease is free at once, in a new term');
    const writes = await admin`select epoch::int, holder from term_writes where lease = 'unit' order by at`;
    assert.deepEqual([...writes], [{ epoch: 1, holder: 'a' }, { epoch: 2, holder: 'b' }]);
  });

  it('gives every term one holder and commits every write of a term before the next term begins', async () => {
    await admin.unsafe(`
      create table terms (epoch bigint not null, holder text not null, at timestamptz not null);
      create function log_term() returns trigger language plpgsql as $$
        begin insert into terms values (new.epoch, new.holder, clock_timestamp()); return null; end $$;
      create trigger lease_terms after insert or update of epoch on leases for each row
        when (new.name = 'contested') execute function log_term();`);
    // Four instances contest one short lease; each writes under its term as fast as it can, every
    // write holding its transaction open a moment; the lease is forced to expire now and then.
    const keepers: LeaseKeeper[] = [];
    let running = true;
    const workers = ['w1', 'w2', 'w3', 'w4'].map(async (holder) => {
      const keeper = startLeaseKeeper({ db: opened.db, databaseUrl: database.url }, { name: 'contested', holder, ttlMs: 400 });
      keepers.push(keeper);
      while (running) {
        const fence = keeper.current();
        if (!fence) {
          await sleep(5);
          continue;
        }
        await fencedDb(opened.db, fence)
          .transaction(async (tx) => {
            await tx.execute(sql`insert into term_writes (lease, epoch, holder) values ('contested', ${fence.epoch}, ${holder})`);
            await tx.execute(sql`select pg_sleep(0.05)`);
            await tx.execute(sql`insert into term_writes (lease, epoch, holder) values ('contested', ${fence.epoch}, ${holder})`);
          })
          .catch((error) => {
            if (!(error instanceof LeaseLostError)) throw error;
          });
      }
    });
    for (let i = 0; i < 12; i += 1) {
      await sleep(250);
      await expire('contested');
    }
    running = false;
    await Promise.all(workers);
    await Promise.all(keepers.map((k) => k.stop()));

    const terms = await admin`select epoch::int, holder, at from terms order by epoch`;
    assert.ok(terms.length >= 6, `the lease changed hands ${terms.length} times`);
    assert.deepEqual(terms.map((t) => t.epoch), terms.map((_, i) => i + 1), 'epochs run 1, 2, 3, … one per term');
    const misattributed = await admin`select w.epoch::int, w.holder from term_writes w join terms t using (epoch) where w.lease = 'contested' and w.holder <> t.holder`;
    assert.deepEqual([...misattributed], [], 'every write was made by the holder of its term');
    const late = await admin`
      select w.epoch::int, w.at, n.at as next_term_at from term_writes w join terms n on n.epoch = w.epoch + 1
      where w.lease = 'contested' and w.at >= n.at`;
    assert.deepEqual([...late], [], 'no write of a term was made after the next term began');
    const [{ written }] = await admin`select count(distinct epoch)::int as written from term_writes where lease = 'contested'`;
    assert.ok(written >= 4, `writes were made in ${written} terms`);
  });

  it('stops acting as holder before its lease could expire when renewals go unanswered', async () => {
    const url = new URL(database.url);
    const proxy = new FreezableProxy(Number(url.port || 5432));
    const port = await proxy.start();
    const keeper = startLeaseKeeper({ db: opened.db, databaseUrl: `postgres://${url.username}@127.0.0.1:${port}${url.pathname}` }, { name: 'frozen', holder: 'f', ttlMs: 600 });
    try {
      const deadline = Date.now() + 5000;
      while (!keeper.current() && Date.now() < deadline) await sleep(10);
      assert.ok(keeper.current(), 'the keeper took the lease');
      await sleep(450);
      proxy.freeze();
      while (keeper.current()) await sleep(2);
      const stoppedActingAtMs = Date.now();
      const [{ expires_at: expiresAt }] = await admin`select expires_at from leases where name = 'frozen'`;
      assert.ok(stoppedActingAtMs < expiresAt.getTime(), `stopped acting ${stoppedActingAtMs - expiresAt.getTime()} ms after the lease expired`);
    } finally {
      proxy.thaw();
      await keeper.stop();
      await proxy.stop();
    }
  });
});
