// Cashout fan-out (issue 8): BENCH_BETS open bets (default 100,000) of BENCH_OWNERS owners
// (default 10,000, so 10 bets each), BENCH_CONNECTED of those owners (default 1,000) subscribed to
// `cashoutOffered` for all their open bets; one trader odds change; the time until the last
// connected owner holds a fresh offer (at the new price) for every bet of theirs the change touches.
// Prints a table and writes JSON to e2e/bench/results/. Run: npx tsx e2e/bench/cashout.bench.ts
//
// Layout (seeded with bulk SQL, not through the API, which would take hours at this size):
// BENCH_EVENTS live events (default 10) are created through the trader API. Bet k of each owner
// (k = 0..B-1) has a leg on event k mod E; the last fifth of each owner's bets are doubles with a
// second leg on event (k+1) mod E. Legs on event 0 (the one that moves) all back its home
// selection, whose odds change; other legs spread over the three match-result selections. With
// the defaults every owner has 2 bets on the moving event (a single and a double), so the change
// re-values 20,000 bets in the book and 2,000 of connected owners, and each connected owner must
// see 2 fresh offers. Every bet is stake 10.00, OPEN, with its stake held through the ledger (a
// DEPOSIT and a BET_HOLD per bet), so seeded bets can be cashed out like placed ones.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { issueToken } from '../../lib/auth/tokens';
import { freePort, ServerProcess } from '../support/processes';
import { createTestDatabase, TEST_REDIS_URL } from '../support/services';
import { createLiveEvent, gql, traderToken } from '../support/server';
import { LoadProcess, runBench, writeResults } from './load';
import { cpuSeconds, percentile, rssMiB } from './measure';

const here = fileURLToPath(new URL('.', import.meta.url));
const BETS = Number(process.env.BENCH_BETS ?? 100_000);
const OWNERS = Number(process.env.BENCH_OWNERS ?? BETS / 10);
const CONNECTED = Number(process.env.BENCH_CONNECTED ?? 1000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const CLIENT_PROCESSES = 2;
const THROTTLE_MS = 1000; // the server default (CASHOUT_OFFER_THROTTLE_MS)
const STAKE = 1000n; // 10.00
const DEPOSIT = 100_000n; // 1000.00

const B = BETS / OWNERS;
if (!Number.isInteger(B) || B < 1) throw new Error('BENCH_BETS must be a multiple of BENCH_OWNERS');
if (CONNECTED > OWNERS) throw new Error('BENCH_CONNECTED must not exceed BENCH_OWNERS');
const DOUBLES = Math.floor(B / 5);

/** Events of bet k's legs: k mod E, plus (k+1) mod E for the last fifth of an owner's bets. */
function legEvents(k: number): number[] {
  const first = k % EVENTS;
  if (k < B - DOUBLES || EVENTS < 2) return [first];
  return [first, (k + 1) % EVENTS];
}
/** How many of each owner's bets have a leg on event 0. */
const HOT_PER_OWNER = Array.from({ length: B }, (_, k) => legEvents(k).includes(0)).filter(Boolean).length;

type LiveEvent = Awaited<ReturnType<typeof createLiveEvent>>;

async function seed(url: string, events: LiveEvent[]) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const t0 = Date.now();
  try {
    await sql.begin(async (tx) => {
      await tx`create temp table bench_sel (e int, s int, selection_id uuid, market_id uuid, event_id uuid, odds int) on commit drop`;
      const sel = events.flatMap((event, e) =>
        event.markets[0].selections.map((s, i) => ({ e, s: i, selection_id: s.id, market_id: event.markets[0].id, event_id: event.id, odds: Number(s.odds.replace('.', '')) })),
      );
      await tx`insert into bench_sel ${tx(sel)}`;
      await tx`create temp table bench_plan (k int, leg int, e int) on commit drop`;
      const plan = Array.from({ length: B }, (_, k) => legEvents(k).map((e, leg) => ({ k, leg, e }))).flat();
      await tx`insert into bench_plan ${tx(plan)}`;
      // Legs on event 0 back its home selection (the one that moves); others spread over three.
      await tx`
        create temp table bench_legs on commit drop as
        select u, p.k, p.leg, md5('bench-bet:' || u || ':' || p.k)::uuid as bet_id, s.selection_id, s.market_id, s.event_id, s.odds
        from generate_series(0, ${OWNERS - 1}::int) u
        cross join bench_plan p
        join bench_sel s on s.e = p.e and s.s = case when p.e = 0 then 0 else (u + p.k) % 3 end`;
      await tx`
        insert into users (id, username, password_hash, role)
        select md5('bench-user:' || u)::uuid, 'bench' || u, 'scrypt$bench$seeded$no$sign$in', 'BETTOR'::user_role
        from generate_series(0, ${OWNERS - 1}::int) u`;
      const wallet = (DEPOSIT - BigInt(B) * STAKE).toString();
      const held = (BigInt(B) * STAKE).toString();
      await tx`
        insert into accounts (id, user_id, kind, balance_minor)
        select md5('bench-wallet:' || u)::uuid, md5('bench-user:' || u)::uuid, 'WALLET'::account_kind, ${wallet}::bigint from generate_series(0, ${OWNERS - 1}::int) u
        union all
        select md5('bench-held:' || u)::uuid, md5('bench-user:' || u)::uuid, 'HELD'::account_kind, ${held}::bigint from generate_series(0, ${OWNERS - 1}::int) u`;
      // Each owner's deposit, as lib/wallet/deposit.ts posts it.
      await tx`
        insert into ledger_transactions (id, kind, reference)
        select md5('bench-deposit-tx:' || u)::uuid, 'DEPOSIT'::ledger_transaction_kind, md5('bench-deposit:' || u)::uuid::text from generate_series(0, ${OWNERS - 1}::int) u`;
      await tx`
        insert into ledger_entries (transaction_id, account_id, amount_minor)
        select md5('bench-deposit-tx:' || u)::uuid, (select id from accounts where kind = 'DEPOSITS' and user_id is null), ${(-DEPOSIT).toString()}::bigint from generate_series(0, ${OWNERS - 1}::int) u
        union all
        select md5('bench-deposit-tx:' || u)::uuid, md5('bench-wallet:' || u)::uuid, ${DEPOSIT.toString()}::bigint from generate_series(0, ${OWNERS - 1}::int) u`;
      await tx`
        insert into deposits (id, user_id, idempotency_key, amount_minor, transaction_id)
        select md5('bench-deposit:' || u)::uuid, md5('bench-user:' || u)::uuid, 'seed', ${DEPOSIT.toString()}::bigint, md5('bench-deposit-tx:' || u)::uuid
        from generate_series(0, ${OWNERS - 1}::int) u`;
      // The bets: OPEN (in-play bets already accepted), odds and payout as placement computes them.
      await tx`
        insert into bets (id, user_id, status, stake_minor, odds_hundredths, potential_payout_minor, odds_change_policy, idempotency_key, request_hash, placed_at)
        select bet_id, md5('bench-user:' || u)::uuid, 'OPEN'::bet_status, ${STAKE.toString()}::bigint,
          case when count(*) = 1 then max(odds) else min(odds)::bigint * max(odds) / 100 end,
          case when count(*) = 1 then ${STAKE.toString()}::bigint * max(odds) / 100 else ${STAKE.toString()}::bigint * min(odds) * max(odds) / 10000 end,
          'NONE'::odds_change_policy, 'bench-' || k, 'bench', now() - interval '1 hour' + k * interval '1 second'
        from bench_legs group by bet_id, u, k`;
      await tx`
        insert into bet_legs (bet_id, leg_index, selection_id, market_id, event_id, requested_odds, odds)
        select bet_id, leg, selection_id, market_id, event_id, odds, odds from bench_legs`;
      await tx`
        insert into ledger_transactions (id, kind, reference)
        select md5('bench-hold-tx:' || u || ':' || k)::uuid, 'BET_HOLD'::ledger_transaction_kind, md5('bench-bet:' || u || ':' || k)::uuid::text
        from generate_series(0, ${OWNERS - 1}::int) u cross join generate_series(0, ${B - 1}::int) k`;
      await tx`
        insert into ledger_entries (transaction_id, account_id, amount_minor)
        select md5('bench-hold-tx:' || u || ':' || k)::uuid, md5('bench-wallet:' || u)::uuid, ${(-STAKE).toString()}::bigint
        from generate_series(0, ${OWNERS - 1}::int) u cross join generate_series(0, ${B - 1}::int) k
        union all
        select md5('bench-hold-tx:' || u || ':' || k)::uuid, md5('bench-held:' || u)::uuid, ${STAKE.toString()}::bigint
        from generate_series(0, ${OWNERS - 1}::int) u cross join generate_series(0, ${B - 1}::int) k`;
      await tx`insert into bet_events (bet_id, kind, at) select id, 'PLACED', placed_at from bets where idempotency_key like 'bench-%'`;
    });
    await sql`analyze`;
    const [{ bets, legs, hot }] = await sql`
      select (select count(*) from bets where status = 'OPEN')::int as bets, (select count(*) from bet_legs)::int as legs,
        (select count(distinct bet_id) from bet_legs where event_id = ${events[0].id})::int as hot`;
    return { bets, legs, hot, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await sql.end();
  }
}

interface Clients {
  count: number;
  send(command: Record<string, unknown>, proc?: number): void;
  ask<T>(command: Record<string, unknown>): Promise<T[]>;
  stop(): void;
}

function startClients(wsUrl: string): Clients {
  const procs = Array.from({ length: CLIENT_PROCESSES }, () => new LoadProcess(`${here}cashout-clients.ts`, [wsUrl, String(B)]));
  return {
    count: procs.length,
    send: (command, proc) => (proc === undefined ? procs : [procs[proc]]).forEach((p) => p.send(JSON.stringify(command))),
    ask: <T>(command: Record<string, unknown>) => Promise.all(procs.map((p) => p.request<T>(JSON.stringify(command)))),
    stop: () => procs.forEach((p) => p.kill()),
  };
}

interface Status {
  open: number;
  ready: number;
  offers: number;
  errors: number;
  lastError: string;
}
interface Report {
  fresh: number[];
  stale: number;
  freshOffers: number;
  unrelated: number;
  errors: number;
  lastError: string;
  sample: { token: string; betId: string; id: string; amount: string } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const oddsFor = (round: number) => `1.${String(60 + round * 5).padStart(2, '0')}`;

async function main() {
  const secret = randomBytes(32).toString('hex');
  const database = await createTestDatabase();
  const server = new ServerProcess(await freePort(), {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `bench:cashout:${Date.now()}:`,
    AUTH_SECRET: secret,
    TRADER_PASSWORD: 'trader-password',
    CASHOUT_OFFER_THROTTLE_MS: String(THROTTLE_MS),
    LOG_LEVEL: 'warn',
  });
  await server.start();
  let clients: Clients | null = null;
  const rounds: Array<Record<string, unknown>> = [];
  let seeded: Awaited<ReturnType<typeof seed>>;
  let setup: Record<string, number>;
  let acceptCheck: string;
  try {
    const trader = await traderToken(server.url);
    const events: LiveEvent[] = [];
    for (let e = 0; e < EVENTS; e++) events.push(await createLiveEvent(server.url, trader, `Bench${e}`, `Cashout${e}`));
    seeded = await seed(database.url, events);
    console.error(`seeded ${seeded.bets} open bets (${seeded.legs} legs, ${seeded.hot} on the moving event) of ${OWNERS} owners in ${seeded.seconds.toFixed(1)} s`);

    // Tokens as sign-in issues them (lib/auth/tokens.ts), for the first CONNECTED owners.
    const key = new TextEncoder().encode(secret);
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const owners = await sql`select id from users where username = any(${Array.from({ length: CONNECTED }, (_, u) => `bench${u}`)})`;
    await sql.end();
    const tokens = await Promise.all(owners.map((o) => issueToken(key, { userId: o.id as string, role: 'BETTOR' })));

    clients = startClients(`${server.url.replace('http', 'ws')}/graphql`);
    const per = Math.ceil(tokens.length / CLIENT_PROCESSES);
    for (let i = 0; i < clients.count; i++) clients.send({ tokens: tokens.slice(i * per, (i + 1) * per) }, i);
    const c0 = Date.now();
    const cpuSetup0 = cpuSeconds(server.pid!);
    let status: Status[] = [];
    let progress = { ready: -1, at: Date.now() };
    for (;;) {
      status = await clients.ask<Status>({ status: true });
      const ready = status.reduce((s, x) => s + x.ready, 0);
      if (ready >= tokens.length) break;
      if (ready !== progress.ready) progress = { ready, at: Date.now() };
      // Stalled for a minute (a socket closed, a subscription failed): report rather than wait on.
      if (Date.now() - progress.at > 60_000 || Date.now() - c0 > 600_000) {
        throw new Error(`only ${ready} of ${tokens.length} owners got their initial offers: ${JSON.stringify(status)}`);
      }
      await sleep(200);
    }
    setup = { initialOffersSeconds: (Date.now() - c0) / 1000, initialOffersCpuSeconds: cpuSeconds(server.pid!) - cpuSetup0 };
    console.error(`${tokens.length} owners connected with initial offers for all ${B} bets in ${setup.initialOffersSeconds.toFixed(1)} s`);

    const hotSelection = events[0].markets[0].selections[0].id;
    let sample: Report['sample'] = null;
    for (let round = 0; round < ROUNDS; round++) {
      // Quiet for longer than the throttle, so the change is priced at once rather than deferred.
      await sleep(THROTTLE_MS + 1000);
      const pid = server.pid!;
      const cpu0 = cpuSeconds(pid);
      const rss0 = rssMiB(pid);
      const at = Date.now();
      clients.send({ mark: at, expect: HOT_PER_OWNER });
      const odds = oddsFor(round);
      const changed = await gql(server.url, `mutation($id: ID!, $o: Odds!) { setOdds(selectionId: $id, odds: $o) { id odds } }`, { id: hotSelection, o: odds }, trader);
      if (changed.data?.setOdds?.odds !== odds) throw new Error(`setOdds failed: ${JSON.stringify(changed)}`);
      const mutationMs = Date.now() - at;
      let report: Report[] = [];
      const deadline = Date.now() + 120_000;
      for (;;) {
        await sleep(100);
        report = await clients.ask<Report>({ report: true });
        if (report.every((r) => r.stale === 0) || Date.now() > deadline) break;
      }
      const cpu = cpuSeconds(pid) - cpu0;
      const rss = rssMiB(pid);
      const fresh = report.flatMap((r) => r.fresh).sort((a, b) => a - b);
      sample = report.find((r) => r.sample)?.sample ?? sample;
      rounds.push({
        round,
        odds,
        owners: tokens.length,
        freshOwners: fresh.length,
        staleOwners: report.reduce((s, r) => s + r.stale, 0),
        freshOffers: report.reduce((s, r) => s + r.freshOffers, 0),
        expectedFreshOffers: tokens.length * HOT_PER_OWNER,
        unrelatedOffers: report.reduce((s, r) => s + r.unrelated, 0),
        errors: report.reduce((s, r) => s + r.errors, 0),
        lastError: report.map((r) => r.lastError).find(Boolean) ?? '',
        mutationMs,
        p50: percentile(fresh, 50),
        p99: percentile(fresh, 99),
        lastOwnerMs: fresh.at(-1) ?? NaN,
        serverCpuSeconds: cpu,
        serverRssMiB: rss,
        rssBeforeMiB: rss0,
        // The machine may be shared: the 1-minute load average when the round ended.
        loadAverage: loadavg()[0],
      });
    }

    // Each fresh offer must be one acceptCashout honours: accept one at the new price.
    acceptCheck = 'no fresh offer';
    if (sample) {
      const accepted = await gql(
        server.url,
        `mutation($id: ID!) { acceptCashout(offerId: $id) { __typename ... on CashoutAccepted { amount } ... on Rejection { code } ... on PriceChanged { code } } }`,
        { id: sample.id },
        sample.token,
      );
      const result = accepted.data?.acceptCashout;
      acceptCheck = result?.__typename === 'CashoutAccepted' && result.amount === sample.amount ? `accepted ${sample.amount}` : `FAILED ${JSON.stringify(accepted)}`;
    }
  } catch (error) {
    console.error(`server output (last 4000 characters):\n${server.output.slice(-4000)}`);
    throw error;
  } finally {
    clients?.stop();
    server.kill();
    await database.drop();
  }

  console.log('\nCashout fan-out: %d open bets of %d owners, %d connected, one odds change on an event with %d of the bets (%d per owner)\n', seeded.bets, OWNERS, CONNECTED, seeded.hot, HOT_PER_OWNER);
  console.log('| round | owners fresh | fresh offers | last owner ms | p50 ms | p99 ms | setOdds ms | errors | CPU s | RSS MiB | load |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rounds as Array<Record<string, any>>) {
    console.log(
      `| ${r.round + 1} | ${r.freshOwners}/${r.owners} | ${r.freshOffers}/${r.expectedFreshOffers} | ${r.lastOwnerMs} | ${r.p50} | ${r.p99} | ${r.mutationMs} | ${r.errors} | ${r.serverCpuSeconds.toFixed(1)} | ${r.serverRssMiB.toFixed(0)} | ${r.loadAverage.toFixed(1)} |`,
    );
  }
  console.log(`\nInitial offers (${CONNECTED * B}) took ${setup.initialOffersSeconds.toFixed(1)} s and ${setup.initialOffersCpuSeconds.toFixed(1)} server CPU s; seeding ${seeded.seconds.toFixed(1)} s; acceptance check: ${acceptCheck}`);
  writeResults('cashout', { bets: BETS, owners: OWNERS, connected: CONNECTED, events: EVENTS, hotPerOwner: HOT_PER_OWNER, seeded, setup, acceptCheck, rounds });
  const failed = rounds.some((r) => (r.staleOwners as number) > 0) || !acceptCheck.startsWith('accepted');
  if (failed) process.exitCode = 1;
}

runBench(main);
