// Slow consumers (issue 8, benchmark 6): K oddsChanged subscribers on one event while the trader
// changes odds on a fixed schedule (setOdds every BENCH_INTERVAL_MS for BENCH_SECONDS). Run twice,
// each on a fresh server: once with every subscriber reading, once with BENCH_SLOW_PERCENT of them
// not reading for the whole run (ws pause(), so their kernel buffers fill and the server has to
// hold or drop what it sends them). Reports the server's RSS growth over the run, the healthy
// subscribers' latency, and how the server let go of the slow sockets (1013 from the send-buffer
// bound, or the keepalive's terminate). Target: RSS growth under 100 MB and the healthy p99
// within 10% of the run without slow consumers.
//
// The messages are real odds updates (the same subscription as clients.ts). To give slow consumers
// something to fill, the changing market is a correct-score market of BENCH_SELECTIONS selections
// (every update carries the whole market), so one update is about 2 KB at 25 selections.
//
// After the run, once the server has let go of every slow socket (its connection gauge is back to
// the healthy count), the bench reads the server's RSS again, and through the inspector its heap
// and external memory after a full collection, and the subscriptions it still counts: what the
// slow sockets left behind (issue 15). BENCH_SLOW_SUBSCRIPTIONS gives each slow socket that many
// subscriptions (one `next` each per change), so its backlog grows that many times faster.
//
// Run: npx tsx e2e/bench/slow.bench.ts (BENCH_K=5000 BENCH_SLOW_PERCENT=1 BENCH_SECONDS=60
// BENCH_INTERVAL_MS=250 BENCH_SELECTIONS=25 BENCH_SLOW_SUBSCRIPTIONS=1; BENCH_PHASES=healthy,slow
// to run one of them; BENCH_HEAPSNAPSHOT=1 also writes heap snapshots at the start and after).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, ServerProcess } from '../support/processes';
import { createLiveEvent, gql, traderToken } from '../support/server';
import { createTestDatabase, TEST_REDIS_URL } from '../support/services';
import { heapSnapshot, Inspector, LoadProcess, METRICS_TOKEN, runBench, scrapeMetrics, sleep, split, waitFor, writeResults } from './load';
import { cpuSeconds, percentile, rssMiB } from './measure';

const here = fileURLToPath(new URL('.', import.meta.url));
const K = Number(process.env.BENCH_K ?? 5000);
const SLOW_PERCENT = Number(process.env.BENCH_SLOW_PERCENT ?? 1);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 250);
const SELECTIONS = Number(process.env.BENCH_SELECTIONS ?? 25);
const PHASES = (process.env.BENCH_PHASES ?? 'healthy,slow').split(',');
const SLOW_SUBSCRIPTIONS = Number(process.env.BENCH_SLOW_SUBSCRIPTIONS ?? 1);
const HEAPSNAPSHOT = process.env.BENCH_HEAPSNAPSHOT === '1';
const WARMUP_ROUNDS = 8;
const CLIENT_PROCESSES = 2;
const ROUNDS = Math.round((SECONDS * 1000) / INTERVAL_MS);
const SLOW = Math.round((K * SLOW_PERCENT) / 100);

const oddsFor = (round: number) => `${2 + Math.floor(round / 100)}.${String(round % 100).padStart(2, '0')}`;

/** Correct-score selection names 0-0, 1-0, 0-1, 1-1, 2-0, … then "Any other score". */
function correctScores(n: number): Array<{ name: string; odds: string }> {
  const names: string[] = [];
  for (let total = 0; names.length < n - 1; total++) for (let home = total; home >= 0 && names.length < n - 1; home--) names.push(`${home}-${total - home}`);
  names.push('Any other score');
  return names.slice(0, n).map((name, i) => ({ name, odds: (6 + i * 3.5).toFixed(2) }));
}

function createEvent(baseUrl: string, trader: string) {
  return createLiveEvent(baseUrl, trader, 'Northbridge', 'Eastvale', [
    { name: 'Correct score', selections: correctScores(SELECTIONS) },
    { name: 'Match result', selections: [{ name: 'Northbridge', odds: '2.10' }, { name: 'Draw', odds: '3.20' }, { name: 'Eastvale', odds: '3.60' }] },
  ]);
}

interface HealthyReport {
  received: number;
  bytes: number;
  latencies: number[];
  healthy: number;
  open: number;
  subscribed: number;
  healthyCloses: number;
}
interface SlowReport {
  slow: number;
  open: number;
  closes: Record<string, number>;
  errors: number;
  received: number;
  bytes: number;
}

async function runPhase(withSlow: boolean) {
  const slow = withSlow ? SLOW : 0;
  const database = await createTestDatabase();
  const inspectPort = await freePort();
  const resultsDir = fileURLToPath(new URL('./results', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  const nodeArgs = [`--inspect=127.0.0.1:${inspectPort}`, ...(HEAPSNAPSHOT ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${resultsDir}`] : [])];
  const server = new ServerProcess(await freePort(), {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `bench:slow:${Date.now()}:`,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    TRADER_PASSWORD: 'trader-password',
    LOG_LEVEL: 'warn',
    METRICS_TOKEN,
  }, nodeArgs);
  const procs: LoadProcess[] = [];
  const samples: Array<{ t: number; rssMiB: number; heapUsedMiB: number; wsConnections: number; closedSlow: number; closedUnresponsive: number }> = [];
  let sampling = true;
  try {
    await server.start(180_000);
    const pid = server.pid!;
    const trader = await traderToken(server.url);
    const event = await createEvent(server.url, trader);
    const selection = event.markets.find((m) => m.name === 'Correct score')!.selections[0].id;
    const wsUrl = `${server.url.replace('http', 'ws')}/graphql`;
    const slowSplit = split(slow, CLIENT_PROCESSES);
    split(K, CLIENT_PROCESSES).forEach((count, i) => procs.push(new LoadProcess(`${here}slow-clients.ts`, [wsUrl, String(count), String(slowSplit[i]), event.id, String(SLOW_SUBSCRIPTIONS)])));
    await waitFor(async () => (await gql(server.url, `query($id: ID!) { event(id: $id) { participants } }`, { id: event.id })).data.event.participants >= K, 180_000, `${K} subscribers`);

    const setOdds = async (odds: string) => {
      const result = await gql(server.url, `mutation($id: ID!, $o: Odds!) { setOdds(selectionId: $id, odds: $o) { id } }`, { id: selection, o: odds }, trader);
      if (!result.data?.setOdds) throw new Error(`setOdds failed: ${JSON.stringify(result)}`);
    };
    // Warm-up (both runs alike): the first changes pay for JIT and first-use costs.
    for (let round = 0; round < WARMUP_ROUNDS; round++) {
      await setOdds(`9.${String(round).padStart(2, '0')}`);
      await sleep(INTERVAL_MS);
    }
    await sleep(1000);
    await Promise.all(procs.map((p) => p.request('report')));

    const metrics = async () => {
      const m = await scrapeMetrics(server.url);
      return {
        heapUsedMiB: (m.get('nodejs_heap_size_used_bytes') ?? NaN) / 1024 / 1024,
        wsConnections: m.get('sportsbook_ws_connections') ?? NaN,
        closedSlow: m.get('sportsbook_ws_slow_consumers_closed_total') ?? 0,
        closedUnresponsive: m.get('sportsbook_ws_unresponsive_closed_total') ?? 0,
      };
    };
    const inspector = await Inspector.connect(inspectPort);
    const collectedAtStart = await inspector.collectedMemory();
    const snapshots: string[] = [];
    if (HEAPSNAPSHOT) snapshots.push(await heapSnapshot(pid, resultsDir));
    const start = { rssMiB: rssMiB(pid), ...(await metrics()) };
    const cpu0 = cpuSeconds(pid);
    const t0 = Date.now();
    const sampler = (async () => {
      while (sampling) {
        samples.push({ t: (Date.now() - t0) / 1000, rssMiB: rssMiB(pid), ...(await metrics()) });
        await sleep(1000);
      }
    })();
    if (slow > 0) await Promise.all(procs.map((p) => p.request('pause')));

    let late = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const due = t0 + round * INTERVAL_MS;
      if (Date.now() < due) await sleep(due - Date.now());
      else if (round > 0) late += 1;
      const odds = oddsFor(round + 20);
      const at = Date.now();
      procs.forEach((p) => p.send(JSON.stringify({ mark: odds, at })));
      await setOdds(odds);
    }
    await sleep(2000);
    const seconds = (Date.now() - t0) / 1000;
    const parts = await Promise.all(procs.map((p) => p.request<HealthyReport>('report')));
    const cpu = cpuSeconds(pid) - cpu0;
    const end = { rssMiB: rssMiB(pid), ...(await metrics()) };
    sampling = false;
    await sampler;

    let slowReport: (SlowReport & { serverClosedAtSeconds: number | null }) | null = null;
    let afterGone: { rssMiB: number; heapUsedMiB: number; externalMiB: number; arrayBuffersMiB: number; subscriptions: number; waitedSeconds: number } | null = null;
    if (slow > 0) {
      // What the slow sockets left behind: wait until the server has let go of all of them, give
      // their closes a moment to finish, then read RSS as it is and the heap after a full collection.
      const waitStarted = Date.now();
      await waitFor(async () => (await metrics()).wsConnections <= K - slow, 120_000, 'the server to let go of every slow socket');
      await sleep(3000);
      const rssAfter = rssMiB(pid);
      const collected = await inspector.collectedMemory();
      const m = await scrapeMetrics(server.url);
      let subscriptions = 0;
      for (const [name, value] of m) if (name.startsWith('sportsbook_subscriptions_active')) subscriptions += value;
      afterGone = { rssMiB: rssAfter, heapUsedMiB: collected.heapUsedMiB, externalMiB: collected.externalMiB, arrayBuffersMiB: collected.arrayBuffersMiB, subscriptions, waitedSeconds: (Date.now() - waitStarted) / 1000 };
      if (HEAPSNAPSHOT) snapshots.push(await heapSnapshot(pid, resultsDir));
      // When the server let go of them (sockets gone from its gauge), then what the clients see once they read again.
      const gone = samples.find((s) => s.wsConnections <= K - slow);
      await Promise.all(procs.map((p) => p.request('resume')));
      await sleep(5000);
      const slows = await Promise.all(procs.map((p) => p.request<SlowReport>('slow')));
      const closes: Record<string, number> = {};
      for (const s of slows) for (const [code, n] of Object.entries(s.closes)) closes[code] = (closes[code] ?? 0) + n;
      slowReport = {
        slow: slows.reduce((s, x) => s + x.slow, 0),
        open: slows.reduce((s, x) => s + x.open, 0),
        closes,
        errors: slows.reduce((s, x) => s + x.errors, 0),
        received: slows.reduce((s, x) => s + x.received, 0),
        bytes: slows.reduce((s, x) => s + x.bytes, 0),
        serverClosedAtSeconds: gone ? gone.t : null,
      };
    }

    const latencies = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
    const received = parts.reduce((s, p) => s + p.received, 0);
    const healthy = parts.reduce((s, p) => s + p.healthy, 0);
    inspector.close();
    const peakRss = Math.max(start.rssMiB, end.rssMiB, ...samples.map((s) => s.rssMiB));
    return {
      phase: withSlow ? 'slow' : 'healthy',
      subscribers: K,
      slow,
      healthy,
      rounds: ROUNDS,
      lateRounds: late,
      seconds,
      messageBytes: received > 0 ? Math.round(parts.reduce((s, p) => s + p.bytes, 0) / received) : NaN,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
      received,
      expected: healthy * ROUNDS,
      healthyClosed: parts.reduce((s, p) => s + p.healthyCloses, 0),
      serverCpuSeconds: cpu,
      rssStartMiB: start.rssMiB,
      rssPeakMiB: peakRss,
      rssEndMiB: end.rssMiB,
      rssGrowthPeakMiB: peakRss - start.rssMiB,
      rssGrowthEndMiB: end.rssMiB - start.rssMiB,
      collectedAtStart,
      afterGone,
      snapshots,
      heapUsedStartMiB: start.heapUsedMiB,
      heapUsedPeakMiB: Math.max(start.heapUsedMiB, ...samples.map((s) => s.heapUsedMiB)),
      closedSlowByServer1013: end.closedSlow - start.closedSlow,
      droppedByKeepalive: end.closedUnresponsive - start.closedUnresponsive,
      slowClients: slowReport,
      samples,
    };
  } finally {
    sampling = false;
    procs.forEach((p) => p.kill());
    server.kill();
    await database.drop();
  }
}

async function main() {
  const results = [];
  for (const phase of PHASES) results.push(await runPhase(phase === 'slow'));

  console.log('\nSlow consumers: %d oddsChanged subscribers on one event, %d changes every %d ms (%d s), %d-selection market\n', K, ROUNDS, INTERVAL_MS, SECONDS, SELECTIONS);
  console.log('| run | healthy subscribers | not reading | message bytes | changes/s | p50 ms | p99 ms | max ms | received/expected | server CPU s | RSS start MiB | RSS growth peak (end) MiB | slow sockets: server 1013 / keepalive drops; clients saw (server let go at s) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const s = r.slowClients;
    const slowCell = s ? `${r.closedSlowByServer1013} / ${r.droppedByKeepalive}; ${Object.entries(s.closes).map(([code, n]) => `${n}×${code}`).join(', ') || 'none'} (${s.serverClosedAtSeconds ?? 'never'})` : '';
    console.log(
      `| ${r.phase} | ${r.healthy} | ${r.slow} | ${r.messageBytes} | ${(r.rounds / (r.seconds - 2)).toFixed(1)} | ${r.p50} | ${r.p99} | ${r.max} | ${r.received}/${r.expected} | ${r.serverCpuSeconds.toFixed(1)} | ${r.rssStartMiB.toFixed(0)} | ${r.rssGrowthPeakMiB.toFixed(1)} (${r.rssGrowthEndMiB.toFixed(1)}) | ${slowCell} |`,
    );
  }
  for (const r of results) {
    const a = r.afterGone;
    if (!a) continue;
    console.log(
      `\n${r.slow} slow sockets (${SLOW_SUBSCRIPTIONS} subscription${SLOW_SUBSCRIPTIONS === 1 ? '' : 's'} each): RSS ${r.rssStartMiB.toFixed(0)} MiB at the start, ${r.rssPeakMiB.toFixed(0)} at the peak, ${a.rssMiB.toFixed(0)} once the server had let go of them all (${a.waitedSeconds.toFixed(0)} s after the run) ` +
        `| after a full GC: heap ${r.collectedAtStart.heapUsedMiB.toFixed(1)} -> ${a.heapUsedMiB.toFixed(1)} MiB, external ${r.collectedAtStart.externalMiB.toFixed(1)} -> ${a.externalMiB.toFixed(1)} MiB | subscriptions still counted: ${a.subscriptions} (healthy ones: ${r.healthy})`,
    );
  }
  const base = results.find((r) => r.phase === 'healthy');
  const withSlow = results.find((r) => r.phase === 'slow');
  if (base && withSlow) {
    const ratio = withSlow.p99 / Math.max(1, base.p99);
    console.log(`| ratio | | | | | | p99 x${ratio.toFixed(2)} | | | | | | |`);
    const attributable = withSlow.rssGrowthPeakMiB - base.rssGrowthPeakMiB;
    console.log(`\ntargets: RSS growth under 100 MB: ${withSlow.rssGrowthPeakMiB * 1.048576 < 100 ? 'met' : 'NOT met'} (${(withSlow.rssGrowthPeakMiB * 1.048576).toFixed(0)} MB; the run without slow consumers grew ${(base.rssGrowthPeakMiB * 1.048576).toFixed(0)} MB, so ${(attributable * 1.048576).toFixed(0)} MB more with them); healthy p99 within 10%: ${ratio <= 1.1 ? 'met' : 'NOT met'}`);
    if (base.lateRounds + withSlow.lateRounds > 0) console.log(`changes behind schedule (setOdds slower than the interval): ${base.lateRounds} and ${withSlow.lateRounds} of ${ROUNDS}`);
  }
  for (const r of results) {
    if (r.snapshots.length !== 2) continue;
    console.log(`\nHeap at the start vs once the ${r.slow} slow sockets were gone (${r.snapshots.join(', ')}):`);
    spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', `${here}heap-diff.ts`, r.snapshots[0], r.snapshots[1], String(Math.max(1, r.slow))], { stdio: 'inherit' });
  }
  writeResults('slow', { k: K, slowPercent: SLOW_PERCENT, slowSubscriptions: SLOW_SUBSCRIPTIONS, seconds: SECONDS, intervalMs: INTERVAL_MS, selections: SELECTIONS, results });
}

runBench(main);
