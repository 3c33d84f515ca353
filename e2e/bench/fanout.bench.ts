// Odds fan-out beside its physical limit. For each K: K graphql-ws subscribers to oddsChanged on
// one event, against a bare `ws` server broadcasting the same bytes to the same client processes.
// Prints a table and writes JSON to e2e/bench/results/. Run: npm run bench (K from BENCH_K).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, ServerProcess } from '../support/processes';
import { createTestDatabase, TEST_REDIS_URL } from '../support/services';
import { createLiveEvent, gql, traderToken } from '../support/server';
import { cpuSeconds, percentile, rssMiB } from './measure';

const here = fileURLToPath(new URL('.', import.meta.url));
const SIZES = (process.env.BENCH_K ?? '1000,5000').split(',').map(Number);
const CLIENT_PROCESSES = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 250);

interface Clients {
  procs: ChildProcess[];
  mark(odds: string, at: number): void;
  report(): Promise<{ received: number; latencies: number[]; open: number }>;
  stop(): void;
}

function startClients(url: string, k: number, mode: 'graphql' | 'raw', eventId = '', token = ''): Clients {
  const procs = Array.from({ length: CLIENT_PROCESSES }, (_, i) =>
    spawn(process.execPath, ['--import', 'tsx', `${here}clients.ts`, url, String(Math.ceil(k / CLIENT_PROCESSES) - (i === 0 ? (CLIENT_PROCESSES * Math.ceil(k / CLIENT_PROCESSES) - k) : 0)), mode, eventId, token], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  return {
    procs,
    mark: (odds, at) => procs.forEach((p) => p.stdin!.write(`${JSON.stringify({ mark: odds, at })}\n`)),
    async report() {
      const parts = await Promise.all(
        procs.map(
          (p) =>
            new Promise<{ received: number; latencies: number[]; open: number }>((resolve) => {
              let out = '';
              const onData = (chunk: Buffer) => {
                out += chunk;
                if (out.includes('\n')) {
                  p.stdout!.off('data', onData);
                  resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
                }
              };
              p.stdout!.on('data', onData);
              p.stdin!.write('report\n');
            }),
        ),
      );
      return { received: parts.reduce((s, x) => s + x.received, 0), open: parts.reduce((s, x) => s + x.open, 0), latencies: parts.flatMap((x) => x.latencies) };
    },
    stop: () => procs.forEach((p) => p.kill('SIGKILL')),
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const oddsFor = (round: number) => `${2 + Math.floor(round / 100)}.${String(round % 100).padStart(2, '0')}`;

function summary(latencies: number[], received: number, seconds: number, k: number) {
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
  });
  await server.start();
  const trader = await traderToken(server.url);
  const results: Array<Record<string, unknown>> = [];
  try {
    for (const k of SIZES) {
      const event = await createLiveEvent(server.url, trader, `Bench${k}`, 'Fanout');
      const selection = event.markets[0].selections[0].id;
      const wsUrl = `${server.url.replace('http', 'ws')}/graphql`;

      // graphql-ws through the real server
      const clients = startClients(wsUrl, k, 'graphql', event.id);
      await waitFor(async () => (await gql(server.url, `query($id: ID!) { event(id: $id) { participants } }`, { id: event.id })).data.event.participants >= k, 120_000, `${k} subscribers`);
      await new Promise((r) => setTimeout(r, 1000));
      const pid = server.pid!;
      const cpu0 = cpuSeconds(pid);
      const rss0 = rssMiB(pid);
      const t0 = Date.now();
      for (let round = 0; round < ROUNDS; round++) {
        const odds = oddsFor(round + 20);
        clients.mark(odds, Date.now());
        await gql(server.url, `mutation($id: ID!, $o: Odds!) { setOdds(selectionId: $id, odds: $o) { id } }`, { id: selection, o: odds }, trader);
        await new Promise((r) => setTimeout(r, INTERVAL_MS));
      }
      await new Promise((r) => setTimeout(r, 2000));
      const seconds = (Date.now() - t0) / 1000;
      const graphql = await clients.report();
      const cpu = cpuSeconds(pid) - cpu0;
      const rss = rssMiB(pid);
      clients.stop();

      // the baseline: same clients, same bytes, bare ws
      const port = await freePort();
      const baseline = spawn(process.execPath, ['--import', 'tsx', `${here}baseline-server.ts`, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
      await new Promise((r) => baseline.stdout!.once('data', r));
      const raw = startClients(`ws://127.0.0.1:${port}`, k, 'raw');
      await waitFor(async () => (await raw.report().then((r) => r.open)) >= k, 120_000, `${k} baseline clients`);
      const b0 = Date.now();
      const bcpu0 = cpuSeconds(baseline.pid!);
      for (let round = 0; round < ROUNDS; round++) {
        const odds = oddsFor(round + 20);
        raw.mark(odds, Date.now());
        const bytes = JSON.stringify({ id: '1', type: 'next', payload: { data: { oddsChanged: { markets: [{ id: event.markets[0].id, status: 'OPEN', selections: [{ id: selection, odds, previousOdds: '2.10' }, { id: event.markets[0].selections[1].id, odds: '3.20', previousOdds: null }, { id: event.markets[0].selections[2].id, odds: '3.60', previousOdds: null }] }] } } } });
        baseline.stdin!.write(`${bytes}\n`);
        await new Promise((r) => setTimeout(r, INTERVAL_MS));
      }
      await new Promise((r) => setTimeout(r, 2000));
      const bseconds = (Date.now() - b0) / 1000;
      const bcpu = cpuSeconds(baseline.pid!) - bcpu0;
      const brss = rssMiB(baseline.pid!);
      const base = await raw.report();
      raw.stop();
      baseline.kill('SIGKILL');

      const g = summary(graphql.latencies, graphql.received, seconds, k);
      const b = summary(base.latencies, base.received, bseconds, k);
      results.push({ k, graphql: { ...g, serverCpuSeconds: cpu, serverRssMiB: rss, rssBeforeMiB: rss0 }, baseline: { ...b, serverCpuSeconds: bcpu, serverRssMiB: brss } });
    }
  } finally {
    server.kill();
    await database.drop();
  }

  console.log('\nOdds fan-out (one event, %d changes at %d ms intervals)\n', ROUNDS, INTERVAL_MS);
  console.log('| K | server | p50 ms | p99 ms | max ms | deliveries/s | received/expected | CPU s | RSS MiB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results as Array<{ k: number; graphql: any; baseline: any }>) {
    for (const [name, x] of [['graphql-ws', r.graphql], ['bare ws', r.baseline]] as const) {
      console.log(`| ${r.k} | ${name} | ${x.p50} | ${x.p99} | ${x.max} | ${x.deliveriesPerSecond} | ${x.received}/${x.expected} | ${x.serverCpuSeconds.toFixed(1)} | ${x.serverRssMiB.toFixed(0)} |`);
    }
    console.log(`| ${r.k} | ratio | | p99 x${(r.graphql.p99 / Math.max(1, r.baseline.p99)).toFixed(1)} | | ${(r.graphql.deliveriesPerSecond / Math.max(1, r.baseline.deliveriesPerSecond)).toFixed(2)} of baseline | | | |`);
  }
  const dir = `${here}results`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/fanout-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ rounds: ROUNDS, intervalMs: INTERVAL_MS, results }, null, 2));
  console.log(`\nwrote ${file}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
