// Bet placement beside Postgres's own limit: C concurrent clients (in a load process of their own,
// placement-clients.ts) placing pre-match singles on distinct accounts over HTTP, then pgbench (TPC-B)
// with the same client count on the same Postgres, in the same run. Prints a table and writes JSON
// to e2e/bench/results/. Then the floor: the same clients against a bare node:http server that makes one
// TPC-B transaction per request (placement-floor-server.ts), what Node and this Postgres can do per
// request with none of the product's work.
//
// pgbench and the floor run with no hot row, as bets share none: C branches and 10 x C tellers (the
// rows TPC-B updates on every transaction, which pgbench's scale sets), i.e. scale C for them, over
// scale 1's 100,000 accounts (a transaction's account is drawn from them, so two rarely meet);
// generating scale C's C x 100,000 accounts (25.6 million at C = 256) would cost minutes and gigabytes
// per row on the shared machine and change nothing the bench compares.
import { execFileSync, spawn } from 'node:child_process';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, ServerProcess } from '../support/processes';
import { createTestDatabase, TEST_PG_ADMIN_URL, TEST_REDIS_URL } from '../support/services';
import { gql, traderToken } from '../support/server';
import { LoadProcess, runBench, writeResults } from './load';
import { cpuSeconds, cpuSecondsOf, percentile, rssMiB } from './measure';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const here = fileURLToPath(new URL('.', import.meta.url));
const CLIENTS = (process.env.BENCH_C ?? '16,32,64').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SERVERS = Number(process.env.BENCH_SERVERS ?? 1);
// pgbench opens a connection per client; on a Postgres shared with others (max_connections 100
// here) it runs with at most this many, and the table says so.
const PGBENCH_MAX_CLIENTS = Number(process.env.BENCH_PGBENCH_MAX ?? 32);
// pgbench's TPC-B (its built-in tpcb-like script) with the branch and teller ranges of C branches.
const TPCB = `\\set aid random(1, 100000)
\\set bid random(1, :branches)
\\set tid random(1, 10 * :branches)
\\set delta random(-5000, 5000)
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
END;
`;

async function main() {
  const database = await createTestDatabase();
  // BENCH_SERVERS instances on one database and Redis, as behind a load balancer; clients are
  // spread over them round-robin. They share the secret, so tokens from one work on all.
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `bench:${Date.now()}:`,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    TRADER_PASSWORD: 'trader-password',
    BET_RATE_PER_MINUTE: '100000',
    DATABASE_POOL_SIZE: process.env.BENCH_POOL ?? '32',
    DEPOSIT_LIMIT_DEFAULT: '1000000.00',
    LOG_LEVEL: 'warn',
    ...(process.env.BENCH_BATCH ? { PLACEMENT_BATCH_MAX: process.env.BENCH_BATCH } : {}),
  };
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of each server there (open it in Chrome DevTools).
  const nodeArgs = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const servers: ServerProcess[] = [];
  for (let i = 0; i < SERVERS; i++) servers.push(new ServerProcess(await freePort(), env, nodeArgs));
  // One at a time: the first applies the migrations.
  // A loaded machine (other work on the same cores) can take well over the default 30 s to start a server.
  for (const s of servers) await s.start(120_000);
  const [server] = servers;
  const trader = await traderToken(server.url);
  const created = await gql(server.url, `mutation($input: CreateEventInput!) { createEvent(input: $input) { markets { selections { id } } } }`, {
    input: {
      sport: 'Football',
      home: 'Bench',
      away: 'Placement',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      markets: Array.from({ length: 8 }, (_, m) => ({ name: `Market ${m}`, selections: [{ name: 'Yes', odds: '2.00' }, { name: 'No', odds: '2.00' }] })),
    },
  }, trader);
  const selectionIds: string[] = created.data.createEvent.markets.flatMap((m: { selections: Array<{ id: string }> }) => m.selections.map((s) => s.id));
  const maxClients = Math.max(...CLIENTS);
  const tokens: string[] = [];
  for (let i = 0; i < maxClients; i++) {
    const r = await gql(server.url, `mutation($u: String!) { signUp(username: $u, password: "password123") { ... on AuthPayload { token } } }`, { u: `bench${i}_${Date.now() % 100000}` });
    tokens.push(r.data.signUp.token);
    await gql(server.url, `mutation { deposit(amount: "100000.00", idempotencyKey: "seed") { __typename } }`, {}, r.data.signUp.token);
  }
  const results: Array<Record<string, unknown>> = [];
  const floorPort = await freePort();
  let floor: ReturnType<typeof spawn> | undefined;
  // The clients run in a load process of their own, as pgbench's do.
  mkdirSync(`${here}results`, { recursive: true });
  const configFile = `${here}results/placement-clients-${process.pid}.json`;
  writeFileSync(configFile, JSON.stringify({ urls: servers.map((s) => s.url), tokens, selectionIds }));
  const load = new LoadProcess(`${here}placement-clients.ts`, [configFile]);
  // What Postgres did per bet: transactions committed and rows written per table (its statistics,
  // flushed by each backend within a second or so of its work).
  const stats = postgres(database.url, { max: 1, onnotice: () => {} });
  const databaseStats = async () => {
    await sleep(1500);
    const [db] = await stats`select xact_commit + xact_rollback as transactions from pg_stat_database where datname = current_database()`;
    const tables = await stats`select relname, n_tup_ins + n_tup_upd + n_tup_del as written from pg_stat_user_tables`;
    return { transactions: Number(db.transactions), written: new Map(tables.map((t) => [t.relname as string, Number(t.written)])) };
  };
  try {
    for (const c of CLIENTS) {
      const db0 = await databaseStats();
      const serversCpu = () => servers.reduce((sum, s) => sum + cpuSeconds(s.pid!), 0);
      const cpu0 = serversCpu();
      const pg0 = cpuSecondsOf('postgres');
      const redis0 = cpuSecondsOf('redis-server');
      const started = Date.now();
      const run = await load.request<{ placed: number; refused: number; latencies: number[]; cpuSeconds: number }>(`run ${c} ${SECONDS} c${c}`);
      const { placed, refused } = run;
      const clientsCpu = run.cpuSeconds;
      const latencies = run.latencies;
      const seconds = (Date.now() - started) / 1000;
      const sorted = latencies.sort((a, b) => a - b);
      const cpu = serversCpu() - cpu0;
      const pgCpu = cpuSecondsOf('postgres') - pg0;
      const redisCpu = cpuSecondsOf('redis-server') - redis0;
      // Where each bet's CPU went: the server, Postgres (every backend), Redis, and the load process.
      const perBet = (s: number) => +((s * 1000) / Math.max(1, placed)).toFixed(2);
      const cpuPerBetMs = { server: perBet(cpu), postgres: perBet(pgCpu), redis: perBet(redisCpu), clients: perBet(clientsCpu) };
      const db1 = await databaseStats();
      // Bets per batch: a batch's bets share their placement time (to the millisecond, so two batches
      // in one millisecond count as one: an upper bound).
      const [batching] = await stats`select count(*)::float / greatest(1, count(distinct placed_at)) as per_batch from bets where idempotency_key like ${`c${c}-%`}`;
      const betsPerBatch = +Number(batching.per_batch).toFixed(2);
      const transactionsPerBet = +((db1.transactions - db0.transactions) / Math.max(1, placed)).toFixed(2);
      const rowsWrittenPerBet = Object.fromEntries(
        [...db1.written]
          .map(([table, n]) => [table, +((n - (db0.written.get(table) ?? 0)) / Math.max(1, placed)).toFixed(2)] as const)
          .filter(([, n]) => n > 0)
          .sort(([, a], [, b]) => b - a),
      );
      const pgbenchUrl = new URL(TEST_PG_ADMIN_URL);
      pgbenchUrl.pathname = `/${database.name}`;
      // TPC-B at C branches (no hot row): see the header.
      const branches = Math.max(1, c);
      execFileSync('pgbench', ['-i', '-q', '-s', '1', pgbenchUrl.toString()], { stdio: 'ignore' });
      await stats.unsafe(`insert into pgbench_branches (bid, bbalance) select g, 0 from generate_series(2, ${branches}) g`);
      await stats.unsafe(`insert into pgbench_tellers (tid, bid, tbalance) select g, (g - 1) / 10 + 1, 0 from generate_series(11, ${10 * branches}) g`);
      await stats.unsafe('vacuum analyze pgbench_branches, pgbench_tellers');
      const script = `${here}results/tpcb-${process.pid}.sql`;
      writeFileSync(script, TPCB);
      // When the shared Postgres has no room for that many connections, fewer clients (said in the table).
      let pgbenchClients = Math.min(c, PGBENCH_MAX_CLIENTS);
      let out = '';
      for (;;) {
        try {
          out = execFileSync('pgbench', ['-c', String(pgbenchClients), '-j', '2', '-T', String(SECONDS), '-n', '-D', `branches=${branches}`, '-f', script, pgbenchUrl.toString()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
          break;
        } catch (error) {
          if (pgbenchClients <= 1 || !/too many clients/.test(String((error as { stderr?: string }).stderr))) throw error;
          pgbenchClients = Math.floor(pgbenchClients / 2);
          await sleep(1000);
        }
      }
      rmSync(script, { force: true });
      const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
      // Started after pgbench (whose clients and the floor's pool would not fit Postgres's connections together), stopped after its run.
      floor = spawn(process.execPath, ['--import', 'tsx', `${here}placement-floor-server.ts`, String(floorPort), pgbenchUrl.toString(), env.DATABASE_POOL_SIZE, String(branches)], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve) => floor!.stdout!.once('data', resolve));
      const floorCpu0 = cpuSeconds(floor.pid!);
      const floorPg0 = cpuSecondsOf('postgres');
      const floorStarted = Date.now();
      const floorRun = await load.request<{ placed: number; refused: number; latencies: number[] }>(`run ${c} ${SECONDS} floor${c} http://127.0.0.1:${floorPort}/`);
      const floorSeconds = (Date.now() - floorStarted) / 1000;
      const floorPerTx = (s: number) => +((s * 1000) / Math.max(1, floorRun.placed)).toFixed(2);
      const floorFigures = {
        perSecond: Math.round(floorRun.placed / floorSeconds),
        failed: floorRun.refused,
        p99Ms: +percentile(floorRun.latencies.sort((a, b) => a - b), 99).toFixed(1),
        cpuPerRequestMs: { server: floorPerTx(cpuSeconds(floor.pid!) - floorCpu0), postgres: floorPerTx(cpuSecondsOf('postgres') - floorPg0) },
      };
      floor.kill();
      await new Promise((resolve) => floor!.once('exit', resolve));
      results.push({ clients: c, betsPerSecond: Math.round(placed / seconds), refused, p50Ms: +percentile(sorted, 50).toFixed(1), p99Ms: +percentile(sorted, 99).toFixed(1), serverCpuSeconds: +cpu.toFixed(1), serverRssMiB: +servers.reduce((sum, s) => sum + rssMiB(s.pid!), 0).toFixed(0), cpuPerBetMs, transactionsPerBet, betsPerBatch, rowsWrittenPerBet, pgbenchTps: Math.round(tps), pgbenchClients, floor: floorFigures });
    }
  } finally {
    load.kill();
    floor?.kill();
    rmSync(configFile, { force: true });
    await stats.end();
    for (const s of servers) {
      if (process.env.BENCH_PROFILE) {
        s.kill('SIGTERM');
        await s.exited();
      } else s.kill();
    }
    await database.drop();
  }
  console.log(`\nBet placement over HTTP (${SECONDS} s per row, ${SERVERS} server process${SERVERS > 1 ? 'es' : ''}${env.PLACEMENT_BATCH_MAX ? `, batches of at most ${env.PLACEMENT_BATCH_MAX}` : ''}) beside pgbench TPC-B on the same Postgres, and the floor: the same clients and HTTP, one TPC-B transaction per request from a bare Node server; pgbench and the floor at C branches and 10 x C tellers (no hot row)\n`);
  console.log('| clients | bets/s | p50 ms | p99 ms | refused | server CPU s | CPU ms per bet: server / Postgres / Redis / clients | Postgres transactions per bet | bets per batch | RSS MiB | pgbench tps | bets/s ÷ tps | floor requests/s (failed) | floor p99 ms | floor CPU ms per request: server / Postgres | floor ÷ tps |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results as Array<any>) {
    console.log(`| ${r.clients} | ${r.betsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.refused} | ${r.serverCpuSeconds} | ${r.cpuPerBetMs.server} / ${r.cpuPerBetMs.postgres} / ${r.cpuPerBetMs.redis} / ${r.cpuPerBetMs.clients} | ${r.transactionsPerBet} | ${r.betsPerBatch} | ${r.serverRssMiB} | ${r.pgbenchTps}${r.pgbenchClients !== r.clients ? ` (${r.pgbenchClients} clients)` : ''} | ${(r.betsPerSecond / r.pgbenchTps).toFixed(2)} | ${r.floor.perSecond} (${r.floor.failed}) | ${r.floor.p99Ms} | ${r.floor.cpuPerRequestMs.server} / ${r.floor.cpuPerRequestMs.postgres} | ${(r.floor.perSecond / r.pgbenchTps).toFixed(2)} |`);
  }
  for (const r of results as Array<any>) console.log(`rows written per bet at C=${r.clients}: ${Object.entries(r.rowsWrittenPerBet).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  writeResults('placement', { seconds: SECONDS, results });
}

runBench(main);
