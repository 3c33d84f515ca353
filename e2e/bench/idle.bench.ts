// Idle capacity (issue 8, benchmark 3): N signed-in graphql-ws connections, each holding
// `oddsChanged` (one of BENCH_EVENTS live events) and `betUpdated` (the web app's selection set).
// Reports the server's RSS and V8 heap per connection (after minus before), the CPU the
// connections cost to open and to keep idle (keepalive pings), and writes JSON to
// e2e/bench/results/. Target: at most 40 KB of RSS per connection.
//
// Users: BENCH_USERS bettors are inserted straight into the database (sign-up's scrypt would take
// minutes) with a real password hash, and their tokens are minted with lib/auth/tokens.ts and the
// AUTH_SECRET given to the server, exactly as sign-in does. Connection i uses user i % BENCH_USERS,
// so connections share users (as several tabs and devices of one person do).
//
// Run: npx tsx e2e/bench/idle.bench.ts (BENCH_N=10000 BENCH_USERS=1000 BENCH_EVENTS=10
// BENCH_SETTLE_SECONDS=5 BENCH_IDLE_SECONDS=30). BENCH_HEAPSNAPSHOT=1 also writes V8 heap
// snapshots of the server before and after connecting (into e2e/bench/results/) and prints what
// the connections added, by constructor (e2e/bench/heap-diff.ts); the snapshots themselves
// disturb the RSS readings, so use it for the breakdown, not the headline figure.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { hashPassword } from '../../lib/auth/passwords';
import { issueToken } from '../../lib/auth/tokens';
import { freePort, ServerProcess } from '../support/processes';
import { createLiveEvent, gql, traderToken } from '../support/server';
import { createTestDatabase, TEST_REDIS_URL } from '../support/services';
import { heapSnapshot, Inspector, LoadProcess, METRICS_TOKEN, runBench, scrapeMetrics, sleep, split, waitFor, writeResults } from './load';
import { cpuSeconds, rssMiB } from './measure';

const here = fileURLToPath(new URL('.', import.meta.url));
const N = Number(process.env.BENCH_N ?? 10_000);
const USERS = Number(process.env.BENCH_USERS ?? 1000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 5);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const CLIENT_PROCESSES = 2;
const WARMUP = Math.min(100, N);
/** Which subscriptions each connection holds (BENCH_SUBSCRIPTIONS=odds,bets; `none` for bare connections), to split the cost. */
const SUBSCRIPTIONS = (process.env.BENCH_SUBSCRIPTIONS ?? 'odds,bets').split(',').filter((s) => s === 'odds' || s === 'bets');
const HEAPSNAPSHOT = process.env.BENCH_HEAPSNAPSHOT === '1';
const resultsDir = `${here}results`;

interface ClientReport {
  started: number;
  opened: number;
  acked: number;
  subscribed: number;
  open: number;
  messages: number;
  errors: number;
  errorSamples: string[];
  closes: Record<string, number>;
  failedToOpen: number;
}

function startClients(url: string, counts: number[], events: string[], tokens: string[], subscriptions = SUBSCRIPTIONS): LoadProcess[] {
  let offset = 0;
  return counts.map((count, i) => {
    const file = join(tmpdir(), `idle-clients-${process.pid}-${i}-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify({ url, count, offset, events, tokens, concurrency: 100, subscriptions }));
    offset += count;
    return new LoadProcess(`${here}idle-clients.ts`, [file]);
  });
}

async function reports(procs: LoadProcess[]): Promise<ClientReport> {
  const parts = await Promise.all(procs.map((p) => p.request<ClientReport>('report')));
  const sum = (key: keyof ClientReport) => parts.reduce((s, x) => s + (x[key] as number), 0);
  const closes: Record<string, number> = {};
  for (const part of parts) for (const [code, n] of Object.entries(part.closes)) closes[code] = (closes[code] ?? 0) + n;
  return {
    started: sum('started'),
    opened: sum('opened'),
    acked: sum('acked'),
    subscribed: sum('subscribed'),
    open: sum('open'),
    messages: sum('messages'),
    errors: sum('errors'),
    errorSamples: parts.flatMap((p) => p.errorSamples),
    closes,
    failedToOpen: sum('failedToOpen'),
  };
}

/** What the server reports of itself: V8 heap, external memory, sockets and subscriptions. */
async function serverView(baseUrl: string) {
  const m = await scrapeMetrics(baseUrl);
  const mib = (name: string) => (m.get(name) ?? NaN) / 1024 / 1024;
  return {
    heapUsedMiB: mib('nodejs_heap_size_used_bytes'),
    heapTotalMiB: mib('nodejs_heap_size_total_bytes'),
    externalMiB: mib('nodejs_external_memory_bytes'),
    wsConnections: m.get('sportsbook_ws_connections') ?? NaN,
    oddsSubscriptions: m.get('sportsbook_subscriptions_active{field="subscription:oddsChanged"}') ?? 0,
    betSubscriptions: m.get('sportsbook_subscriptions_active{field="subscription:betUpdated"}') ?? 0,
  };
}

async function participants(baseUrl: string, events: string[]): Promise<number> {
  const counts = await Promise.all(events.map(async (id) => (await gql(baseUrl, `query($id: ID!) { event(id: $id) { participants } }`, { id })).data.event.participants as number));
  return counts.reduce((s, n) => s + n, 0);
}

async function main() {
  mkdirSync(resultsDir, { recursive: true });
  const database = await createTestDatabase();
  const secret = randomBytes(32).toString('hex');
  const inspectPort = await freePort();
  const server = new ServerProcess(await freePort(), {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `bench:idle:${Date.now()}:`,
    AUTH_SECRET: secret,
    TRADER_PASSWORD: 'trader-password',
    LOG_LEVEL: 'warn',
    METRICS_TOKEN,
    // The inspector (loopback only) lets the bench force a full GC before reading live memory.
    NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}${HEAPSNAPSHOT ? ` --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${resultsDir}` : ''}`,
  });
  const procs: LoadProcess[] = [];
  let inspector: Inspector | null = null;
  let result: Record<string, unknown>;
  let snapshots: string[] = [];
  try {
    await server.start();
    const pid = server.pid!;
    inspector = await Inspector.connect(inspectPort);
    const trader = await traderToken(server.url);
    const events: string[] = [];
    for (let e = 0; e < EVENTS; e++) events.push((await createLiveEvent(server.url, trader, `Idle${e}`, `Capacity${e}`)).id);

    // Bettors straight into the database, with one real scrypt hash (password "password123").
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const hash = await hashPassword('password123');
    const rows = await sql<Array<{ id: string }>>`
      insert into users (username, password_hash)
      select 'idle_' || g, ${hash} from generate_series(1, ${USERS}::int) g
      returning id`;
    await sql.end();
    const key = new TextEncoder().encode(secret); // as lib/runtime.ts encodes AUTH_SECRET
    const tokens = await Promise.all(rows.map((row) => issueToken(key, { userId: row.id, role: 'BETTOR' })));

    const wsUrl = `${server.url.replace('http', 'ws')}/graphql`;
    // Warm-up: the first connections pay one-off costs (code loading, JIT, pools) that are not per connection.
    const warm = startClients(wsUrl, [WARMUP], events, tokens, ['odds', 'bets']);
    await waitFor(async () => (await reports(warm)).acked >= WARMUP && (await serverView(server.url)).betSubscriptions >= WARMUP, 60_000, 'warm-up connections');
    await sleep(1000);
    await warm[0].request('close');
    await waitFor(async () => (await serverView(server.url)).wsConnections === 0, 60_000, 'warm-up closed');
    warm[0].kill();
    await sleep(3000);

    // The server's own idle CPU (timers, heartbeats) before any connection, to subtract.
    const baseCpu0 = cpuSeconds(pid);
    const tBase = Date.now();
    await sleep(Math.min(IDLE_SECONDS, 10) * 1000);
    const baselineIdleCpuPercent = (100 * (cpuSeconds(pid) - baseCpu0)) / ((Date.now() - tBase) / 1000);
    const collectedBefore = await inspector.collectedMemory();
    const rssBefore = rssMiB(pid);
    const viewBefore = await serverView(server.url);
    if (HEAPSNAPSHOT) snapshots.push(await heapSnapshot(pid, resultsDir));
    const cpuBefore = cpuSeconds(pid);
    const t0 = Date.now();

    procs.push(...startClients(wsUrl, split(N, CLIENT_PROCESSES), events, tokens));
    let clients = await reports(procs);
    await waitFor(
      async () => {
        clients = await reports(procs);
        if (clients.errors > 0) throw new Error(`subscriptions failed: ${clients.errorSamples.join(' | ')}`);
        if (clients.failedToOpen > 0) throw new Error(`${clients.failedToOpen} connections failed to open`);
        if (clients.acked < N) return false;
        const view = await serverView(server.url);
        const odds = SUBSCRIPTIONS.includes('odds') ? N : 0;
        const bets = SUBSCRIPTIONS.includes('bets') ? N : 0;
        return view.wsConnections >= N && view.oddsSubscriptions >= odds && view.betSubscriptions >= bets && (await participants(server.url, events)) >= odds;
      },
      600_000,
      `${N} connections with both subscriptions`,
    );
    const connectSeconds = (Date.now() - t0) / 1000;
    const connectCpu = cpuSeconds(pid) - cpuBefore;

    await sleep(SETTLE_SECONDS * 1000);
    const rssAfter = rssMiB(pid);
    const viewAfter = await serverView(server.url);
    const collectedAfter = await inspector.collectedMemory();
    const cpuIdle0 = cpuSeconds(pid);
    const tIdle = Date.now();
    await sleep(IDLE_SECONDS * 1000);
    const idleSeconds = (Date.now() - tIdle) / 1000;
    const idleCpu = cpuSeconds(pid) - cpuIdle0;
    const rssAfterIdle = rssMiB(pid);
    const viewAfterIdle = await serverView(server.url);
    clients = await reports(procs);
    if (HEAPSNAPSHOT) snapshots.push(await heapSnapshot(pid, resultsDir));

    const kb = (mib: number) => (mib * 1024) / N;
    result = {
      connections: N,
      users: USERS,
      events: EVENTS,
      subscriptions: SUBSCRIPTIONS,
      warmupConnections: WARMUP,
      settleSeconds: SETTLE_SECONDS,
      connectSeconds,
      connectCpuSeconds: connectCpu,
      idleSeconds,
      idleCpuSeconds: idleCpu,
      idleCpuPercent: (100 * idleCpu) / idleSeconds,
      baselineIdleCpuPercent,
      rssBeforeMiB: rssBefore,
      rssAfterMiB: rssAfter,
      rssAfterIdleMiB: rssAfterIdle,
      rssKBPerConnection: kb(rssAfter - rssBefore),
      rssKBPerConnectionAfterIdle: kb(rssAfterIdle - rssBefore),
      heapUsedKBPerConnection: kb(viewAfter.heapUsedMiB - viewBefore.heapUsedMiB),
      heapUsedKBPerConnectionAfterIdle: kb(viewAfterIdle.heapUsedMiB - viewBefore.heapUsedMiB),
      externalKBPerConnection: kb(viewAfter.externalMiB - viewBefore.externalMiB),
      // After a forced full GC, before and after: live memory only.
      collectedBefore,
      collectedAfter,
      collectedRssKBPerConnection: kb(collectedAfter.rssMiB - collectedBefore.rssMiB),
      collectedHeapKBPerConnection: kb(collectedAfter.heapUsedMiB - collectedBefore.heapUsedMiB),
      collectedExternalKBPerConnection: kb(collectedAfter.externalMiB - collectedBefore.externalMiB),
      server: { before: viewBefore, after: viewAfter, afterIdle: viewAfterIdle },
      clients,
      heapSnapshots: snapshots,
    };
  } finally {
    inspector?.close();
    procs.forEach((p) => p.kill());
    server.kill();
    await database.drop();
  }

  const r = result as any;
  console.log('\nIdle capacity: %d connections (subscriptions each: %s), %d users, %d events\n', N, SUBSCRIPTIONS.join(' + ') || 'none', USERS, EVENTS);
  console.log('| connections | RSS before → after MiB | RSS KB/conn | after %ds idle KB/conn | after full GC: RSS KB/conn | heap used KB/conn (GC\'d) | heap MiB before → after (GC\'d) | connect s (CPU s) | idle CPU %% (without connections) |', IDLE_SECONDS);
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${N} | ${r.rssBeforeMiB.toFixed(0)} → ${r.rssAfterMiB.toFixed(0)} | ${r.rssKBPerConnection.toFixed(1)} | ${r.rssKBPerConnectionAfterIdle.toFixed(1)} | ${r.collectedRssKBPerConnection.toFixed(1)} | ${r.heapUsedKBPerConnection.toFixed(1)} (${r.collectedHeapKBPerConnection.toFixed(1)}) | ${r.server.before.heapUsedMiB.toFixed(0)} → ${r.server.after.heapUsedMiB.toFixed(0)} (${r.collectedBefore.heapUsedMiB.toFixed(0)} → ${r.collectedAfter.heapUsedMiB.toFixed(0)}) | ${r.connectSeconds.toFixed(1)} (${r.connectCpuSeconds.toFixed(1)}) | ${r.idleCpuPercent.toFixed(1)} (${r.baselineIdleCpuPercent.toFixed(1)}) |`,
  );
  console.log(`\ntarget: at most 40 KB RSS per connection: ${r.rssKBPerConnection <= 40 ? 'met' : 'NOT met'}`);
  writeResults('idle', result as Record<string, unknown>);
  if (snapshots.length === 2 && existsSync(`${here}heap-diff.ts`)) {
    spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', `${here}heap-diff.ts`, snapshots[0], snapshots[1], String(N)], { stdio: 'inherit' });
  }
}

runBench(main);
