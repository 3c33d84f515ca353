import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import postgres from 'postgres';
import { FreezableProxy } from '../../e2e/support/freezable-proxy';
import { createTestDatabase, testEnv, type TestDatabase } from '../../e2e/support/services';
import { createRuntime, type Runtime } from '../runtime';
import { startFeedSimulator, type FeedSimulator } from './simulator';

// The feed lease under the faults that made it lapse or let a former holder write: a tick slower
// than the lease, a busy pool, a holder paused past its term. Two instances run on one database.

const TICK_MS = 100;
/** The simulator's default lease at this tick: max(3 ticks, 1 s). */
const LEASE_TTL_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, probe: () => Promise<unknown> | unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(25);
  }
}

/** Runtimes and simulators on one fresh database, closed and dropped after the suite. */
function harness() {
  let database: TestDatabase | undefined;
  const runtimes: Runtime[] = [];
  const simulators: FeedSimulator[] = [];
  const clients: postgres.Sql[] = [];
  const proxies: FreezableProxy[] = [];
  return {
    async database() {
      return (database ??= await createTestDatabase());
    },
    async open(overrides: Record<string, string> = {}, url?: string) {
      const runtime = await createRuntime(testEnv(url ?? (await this.database()).url, { FEED_TICK_MS: String(TICK_MS), ...overrides }));
      runtimes.push(runtime);
      return runtime;
    },
    start(runtime: Runtime, seed: number) {
      const simulator = startFeedSimulator(runtime, { seed, speed: 10 });
      simulators.push(simulator);
      return simulator;
    },
    async sql() {
      const client = postgres((await this.database()).url, { max: 2, onnotice: () => {} });
      clients.push(client);
      return client;
    },
    async proxy() {
      const proxy = new FreezableProxy(Number(new URL((await this.database()).url).port || 5432));
      proxies.push(proxy);
      return { proxy, port: await proxy.start() };
    },
    async close() {
      proxies.forEach((p) => p.thaw());
      await Promise.allSettled(simulators.map((s) => s.stop()));
      await Promise.allSettled(runtimes.map((r) => r.close()));
      await Promise.allSettled(proxies.map((p) => p.stop()));
      await Promise.allSettled(clients.map((c) => c.end()));
      await database?.drop();
    },
  };
}

/** The feed lease as it stands (epoch is undefined on a schema without one). */
async function lease(sql: postgres.Sql): Promise<{ holder: string; epoch?: string }> {
  const [row] = await sql`select * from leases where name = 'feed-simulator'`;
  return { holder: row.holder, epoch: row.epoch?.toString() };
}

/**
 * Reads the lease every 25 ms while `during` runs; returns every distinct reading in order, and
 * whether `follower` ever acted as holder meanwhile.
 */
async function watchLease(sql: postgres.Sql, follower: FeedSimulator, during: Promise<unknown>): Promise<{ readings: string[]; followerLed: boolean }> {
  const readings: string[] = [];
  let followerLed = false;
  let done = false;
  void during.finally(() => (done = true));
  while (!done) {
    followerLed ||= follower.isLeader();
    const { holder, epoch } = await lease(sql);
    const reading = `${holder}#${epoch}`;
    if (readings.at(-1) !== reading) readings.push(reading);
    await sleep(25);
  }
  await during;
  return { readings, followerLed };
}

/** The newest tick time (feed state atMs) over the live feed events. */
async function lastTickMs(sql: postgres.Sql): Promise<number> {
  const [row] = await sql`select max((feed_state->>'atMs')::bigint)::text as at from events where source = 'FEED' and status = 'LIVE'`;
  return Number(row.at ?? 0);
}

describe('the feed lease with two instances alive, a tick slower than the lease', () => {
  const h = harness();
  after(() => h.close());

  it('does not change hands while a tick takes longer than the lease', async () => {
    const sql = await h.sql();
    const [first, second] = [await h.open(), await h.open()];
    const leader = h.start(first, 11);
    await waitFor('the first instance leads and the feed is filled', async () => leader.isLeader() && (await sql`select count(*)::int as n from events where source = 'FEED' and status = 'LIVE'`)[0].n >= 6);
    const follower = h.start(second, 12);
    await sleep(3 * TICK_MS);
    const before = await lease(sql);
    assert.equal(before.holder, first.instanceId);

    // Every live feed event is locked for 2.5 leases: the leader's next tick waits on its first write.
    const slowTick = sql.begin(async (tx) => {
      await tx`select id from events where source = 'FEED' and status = 'LIVE' for update`;
      await sleep(2.5 * LEASE_TTL_MS);
    });
    const { readings, followerLed } = await watchLease(sql, follower, slowTick);
    assert.deepEqual(readings, [`${before.holder}#${before.epoch}`], 'the lease stayed with the first instance, in one term');
    assert.equal(followerLed, false, 'the second instance never acted as holder');

    // The slow tick then carries on under the same holder.
    const tickedMs = await lastTickMs(sql);
    await waitFor('the leader ticks again', async () => (await lastTickMs(sql)) > tickedMs, 5000);
    assert.equal((await lease(sql)).holder, first.instanceId);
  });
});

describe('the feed lease with two instances alive, the holder’s pool busy', () => {
  const h = harness();
  after(() => h.close());

  it('does not change hands while every connection of the holder’s pool is taken', async () => {
    const sql = await h.sql();
    // A pool of two, both connections busy for three leases: everything this instance sends
    // through its pool waits for them.
    const busy = await h.open({ DATABASE_POOL_SIZE: '2' });
    const other = await h.open();
    const leader = h.start(busy, 21);
    await waitFor('the busy-to-be instance leads', () => leader.isLeader());
    const follower = h.start(other, 22);
    await sleep(3 * TICK_MS);
    const before = await lease(sql);
    assert.equal(before.holder, busy.instanceId);

    // More sleepers than connections, so whatever the instance sends next queues behind them.
    const pauseS = (1.5 * LEASE_TTL_MS) / 1000;
    const occupied = Promise.all([1, 2, 3, 4].map(() => busy.db.execute(`select pg_sleep(${pauseS})`)));
    const { readings, followerLed } = await watchLease(sql, follower, occupied);
    assert.deepEqual(readings, [`${before.holder}#${before.epoch}`], 'the lease stayed with the busy instance, in one term');
    assert.equal(followerLed, false, 'the second instance never acted as holder');
  });
});

describe('a feed lease holder paused past its term', () => {
  const h = harness();
  after(() => h.close());

  it('cannot write once another instance took the lease over', async () => {
    const sql = await h.sql();
    const other = await h.open();
    // Every write to the feed's tables is logged with the writer's application name and the time
    // it was made, and every change of the lease's holder with the time it was made.
    await sql.unsafe(`
      create table write_log (app text not null, at timestamptz not null);
      create function log_write() returns trigger language plpgsql as $$
        begin insert into write_log values (current_setting('application_name'), clock_timestamp()); return null; end $$;
      create trigger events_log after update on events for each row execute function log_write();
      create trigger selections_log after update on selections for each row execute function log_write();
      create trigger markets_log after update on markets for each row execute function log_write();
      create table lease_log (holder text not null, at timestamptz not null);
      create function log_lease() returns trigger language plpgsql as $$
        begin insert into lease_log values (new.holder, clock_timestamp()); return null; end $$;
      create trigger lease_holder_log after insert or update of holder on leases for each row
        when (new.name = 'feed-simulator') execute function log_lease();`);

    // The first instance reaches Postgres through a proxy that the test freezes: its process is, in
    // effect, paused (statements sent and not answered, replies held), pool and lease connection alike.
    const { proxy, port } = await h.proxy();
    const direct = new URL((await h.database()).url);
    const proxied = `postgres://${direct.username}@127.0.0.1:${port}${direct.pathname}?application_name=paused-holder`;
    const paused = await h.open({}, proxied);
    const leader = h.start(paused, 31);
    await waitFor('the paused-to-be instance leads and drives', async () => leader.isLeader() && (await sql`select count(*)::int as n from write_log where app = 'paused-holder'`)[0].n > 20);
    const follower = h.start(other, 32);
    await sleep(5 * TICK_MS);

    // The holder's tick is held on a locked event row (its write sent, not yet made); then it is
    // paused past its term; the row is released just before it wakes, so its write is made and
    // its next statements go out as it wakes.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const rowLock = sql.begin(async (tx) => {
      await tx`select id from events where source = 'FEED' and status = 'LIVE' for update`;
      await released;
    });
    await waitFor('the holder’s tick waits on a locked row', async () => (await sql`select count(*)::int as n from pg_stat_activity where application_name = 'paused-holder' and wait_event_type = 'Lock'`)[0].n > 0);
    proxy.freeze();
    await sleep(2 * LEASE_TTL_MS);
    release();
    await rowLock;
    await sleep(100);
    proxy.thaw();
    await waitFor('the other instance holds the lease', async () => (await lease(sql)).holder === other.instanceId, 15_000);
    const [{ at: takenOverAt }] = await sql`select max(at) as at from lease_log where holder = ${other.instanceId}`;
    await sleep(3 * LEASE_TTL_MS);

    const late = await sql`select count(*)::int as n, max(at) as last from write_log where app = 'paused-holder' and at > ${takenOverAt}`;
    assert.equal(late[0].n, 0, `the former holder wrote ${late[0].n} rows after the takeover (last at ${late[0].last?.toISOString()})`);
    assert.equal(leader.isLeader(), false);
    assert.equal(follower.isLeader(), true);
    const stillMoving = await lastTickMs(sql);
    await waitFor('the new holder drives the feed', async () => (await lastTickMs(sql)) > stillMoving, 5000);
  });
});
