// Odds fan-out beside its physical limit. For each K: K graphql-ws subscribers to oddsChanged on
// one event, against a bare `ws` server broadcasting the same bytes to the same client processes.
// Prints a table and writes JSON to e2e/bench/results/. Run: npm run bench (K from BENCH_K).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { freePort, ServerProcess } from '../support/processes';
import { createTestDatabase, TEST_REDIS_URL } from '../support/services';
import { createLiveEvent, gql, traderToken } from '../support/server';
import { LoadProcess, runBench, split, waitFor, writeResults } from './load';
import { cpuSeconds, percentile, rssMiB } from './measure';

const here = fileURLToPath(new URL('.', import.meta.url));
const SIZES = (process.env.BENCH_K ?? '1000,5000').split(',').map(Number);
const CLIENT_PROCESSES = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 250);
/** How many events the subscribers are spread over, one run each. */
const SPREADS = (process.env.BENCH_EVENTS ?? '1,20').split(',').map(Number);

/** What the server sends for one change: the baseline broadcasts exactly these bytes. */
function updateBytes(odds: string): string {
  const ids = { market: '00000000-0000-4000-8000-000000000001', s: ['00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000004'] };
  return JSON.stringify({ id: '1', type: 'next', payload: { data: { oddsChanged: { markets: [{ id: ids.market, status: 'OPEN', selections: [{ id: ids.s[0], odds, previousOdds: '2.10' }, { id: ids.s[1], odds: '3.20', previousOdds: null }, { id: ids.s[2], odds: '3.60', previousOdds: null }] }] } } } });
}

interface Report {
  received: number;
  latencies: number[];
  open: number;
  lastAt: number;
}

interface Clients {
  mark(odds: string, at: number): void;
  report(): Promise<Report>;
  stop(): void;
}

function startClients(url: string, k: number, mode: 'graphql' | 'raw', eventId = '', token = ''): Clients {
  const procs = split(k, CLIENT_PROCESSES).map((count) => new LoadProcess(`${here}clients.ts`, [url, String(count), mode, eventId, token]));
  return {
    mark: (odds, at) => procs.forEach((p) => p.send(JSON.stringify({ mark: odds, at }))),
    async report() {
      const parts = await Promise.all(procs.map((p) => p.request<Report>('report')));
      return { received: parts.reduce((s, x) => s + x.received, 0), open: parts.reduce((s, x) => s + x.open, 0), latencies: parts.flatMap((x) => x.latencies), lastAt: Math.max(...parts.map((x) => x.lastAt)) };
    },
    stop: () => procs.forEach((p) => p.kill()),
  };
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

/** Distinct odds per change, so each receipt can be matched to its change: 2.00 up to 99.99. */
const oddsFor = (round: number) => `${2 + Math.floor(round / 100)}.${String(round % 100).padStart(2, '0')}`;

function summary(latencies: number[], received: number, seconds: number, k: number) {
  // p50/p99/max over every receipt; deliveries/s over the whole measured window
  const sorted = [...latencies].sort((a, b) => a - b);
  return { k, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, deliveriesPerSecond: Math.round(received / seconds), expected: k * ROUNDS, received };
}

async function main() {
  const database = await createTestDatabase();
  const server = new ServerProcess(await freePort(), {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `bench:${Date.now()}:`,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    TRADER_PASSWORD: 'trader-password',
    LOG_LEVEL: 'warn',
  },
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of the server there (open it in Chrome DevTools).
  process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []);
  await server.start();
  const trader = await traderToken(server.url);
  const results: Array<Record<string, unknown>> = [];
  const wsUrl = `${server.url.replace('http', 'ws')}/graphql`;
  try {
    for (const k of SIZES) {
      for (const spread of SPREADS) {
        // graphql-ws through the real server: K subscribers over `spread` events; each round
        // changes one selection's odds on every event at once, so every subscriber gets one update.
        const events: Array<Awaited<ReturnType<typeof createLiveEvent>>> = [];
        for (let e = 0; e < spread; e++) events.push(await createLiveEvent(server.url, trader, `Bench${k}x${spread}n${e}`, 'Fanout'));
        const clients = startClients(wsUrl, k, 'graphql', events.map((e) => e.id).join(','));
        const participants = async () => {
          let sum = 0;
          for (const event of events) sum += (await gql(server.url, `query($id: ID!) { event(id: $id) { participants } }`, { id: event.id })).data.event.participants;
          return sum;
        };
        await waitFor(async () => (await participants()) >= k, 180_000, `${k} subscribers`, async () => ({ participants: await participants(), open: (await clients.report()).open }));
        await new Promise((r) => setTimeout(r, 1000));
        const pid = server.pid!;
        const cpu0 = cpuSeconds(pid);
        const rss0 = rssMiB(pid);
        const t0 = Date.now();
        // A steady rate: round r starts at t0 + r × interval, however long the mutations take.
        const changes: Array<Promise<unknown>> = [];
        for (let round = 0; round < ROUNDS; round++) {
          await sleepUntil(t0 + round * INTERVAL_MS);
          events.forEach((event, e) => {
            const odds = oddsFor(20 + round * spread + e);
            clients.mark(odds, Date.now());
            changes.push(gql(server.url, `mutation($id: ID!, $o: Odds!) { setOdds(selectionId: $id, odds: $o) { id } }`, { id: event.markets[0].selections[0].id, o: odds }, trader));
          });
        }
        await Promise.all(changes);
        await new Promise((r) => setTimeout(r, 2000));
        const graphql = await clients.report();
        const seconds = (graphql.lastAt - t0) / 1000;
        const cpu = cpuSeconds(pid) - cpu0;
        const rss = rssMiB(pid);
        clients.stop();
        results.push({ server: `graphql-ws, ${spread} event${spread === 1 ? '' : 's'}`, ...summary(graphql.latencies, graphql.received, seconds, k), serverCpuSeconds: cpu, serverRssMiB: rss, rssBeforeMiB: rss0 });
        await new Promise((r) => setTimeout(r, 1000));
      }

      // the baseline: same client processes, the same bytes, a bare ws server
      const port = await freePort();
      const baseline = spawn(process.execPath, ['--import', 'tsx', `${here}baseline-server.ts`, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
      await new Promise((r) => baseline.stdout!.once('data', r));
      const raw = startClients(`ws://127.0.0.1:${port}`, k, 'raw');
      await waitFor(async () => (await raw.report().then((r) => r.open)) >= k, 180_000, `${k} baseline clients`);
      const b0 = Date.now();
      const bcpu0 = cpuSeconds(baseline.pid!);
      for (let round = 0; round < ROUNDS; round++) {
        await sleepUntil(b0 + round * INTERVAL_MS);
        const odds = oddsFor(round + 20);
        raw.mark(odds, Date.now());
        baseline.stdin!.write(`${updateBytes(odds)}\n`);
      }
      await new Promise((r) => setTimeout(r, 2000));
      const bcpu = cpuSeconds(baseline.pid!) - bcpu0;
      const brss = rssMiB(baseline.pid!);
      const base = await raw.report();
      const bseconds = (base.lastAt - b0) / 1000;
      raw.stop();
      baseline.kill('SIGKILL');
      results.push({ server: 'bare ws (baseline)', ...summary(base.latencies, base.received, bseconds, k), serverCpuSeconds: bcpu, serverRssMiB: brss });
    }
  } finally {
    if (process.env.BENCH_PROFILE) {
      server.kill('SIGTERM');
      await server.exited();
    } else server.kill();
    await database.drop();
  }

  console.log('\nOdds fan-out (%d rounds of changes, %d ms apart; each round updates every subscriber once)\n', ROUNDS, INTERVAL_MS);
  console.log('| K | server | p50 ms | p99 ms | max ms | deliveries/s | received/expected | CPU s | RSS MiB | p99 ÷ baseline | deliveries ÷ baseline |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results as Array<any>) {
    const base = (results as Array<any>).find((x) => x.k === r.k && x.server.startsWith('bare'));
    console.log(`| ${r.k} | ${r.server} | ${r.p50} | ${r.p99} | ${r.max} | ${r.deliveriesPerSecond} | ${r.received}/${r.expected} | ${r.serverCpuSeconds.toFixed(1)} | ${r.serverRssMiB.toFixed(0)} | x${(r.p99 / Math.max(1, base.p99)).toFixed(2)} | ${(r.deliveriesPerSecond / Math.max(1, base.deliveriesPerSecond)).toFixed(2)} |`);
  }
  writeResults('fanout', { rounds: ROUNDS, intervalMs: INTERVAL_MS, results });
}

runBench(main);
