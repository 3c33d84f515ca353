// How late in-play bets are decided under a mixed load of every writer (e2e/support/mixed-load.ts)
// on two server processes with INPLAY_DELAY_MS=1000: lateness = when the bettor's betUpdated
// subscription received ACCEPTED or REJECTED minus the bet's acceptAt (so it includes the outbox
// relay and delivery, as a bettor sees it). Runs the code of this checkout and, when BENCH_BEFORE
// names a commit, that commit's code too (exported with `git archive` to a temporary folder),
// interleaved: before, after, before, after. Prints p50/p99/max per run, internal errors and
// Postgres deadlocks, and writes JSON to e2e/bench/results/.
//
//   BENCH_BEFORE=c394de1 BENCH_SECONDS=60 BENCH_RUNS=2 npx tsx e2e/bench/inplay.bench.ts
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { runMixedLoad, setUpMixedLoad } from '../support/mixed-load';
import { freePort } from '../support/processes';
import { traderToken } from '../support/server';
import { createTestDatabase, TEST_REDIS_URL } from '../support/services';
import { runBench, sleep, waitFor, writeResults } from './load';
import { percentile } from './measure';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const BETTORS = Number(process.env.BENCH_BETTORS ?? 30);
const BEFORE = process.env.BENCH_BEFORE;

/** A server (graphql/server.ts) from the code in `dir`, API only, feed off. */
async function startServer(dir: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'graphql/server.ts'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), WEB: 'off', FEED: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr!.on('data', (chunk) => { output = (output + chunk).slice(-4000); if (process.env.BENCH_DEBUG) process.stderr.write(chunk); });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    return fetch(`${url}/api/health`).then((r) => r.ok, () => false);
  }, 60_000, 'server health');
  return { url, child };
}

async function run(label: string, dir: string) {
  const database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `bench:inplay:${randomBytes(4).toString('hex')}:`,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    TRADER_PASSWORD: 'trader-password',
    INPLAY_DELAY_MS: '1000',
    BET_RATE_PER_MINUTE: '100000',
    DEPOSIT_LIMIT_DEFAULT: '1000000.00',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    LOG_LEVEL: 'fatal',
  };
  // One at a time: the first applies the migrations.
  const servers = [await startServer(dir, env), await startServer(dir, env)];
  const stats = postgres(database.url, { max: 1, onnotice: () => {} });
  const deadlocks = async () => Number((await stats`select deadlocks from pg_stat_database where datname = current_database()`)[0].deadlocks);
  try {
    const urls = servers.map((s) => s.url);
    const world = await setUpMixedLoad(urls, await traderToken(urls[0]), { liveEvents: 4, upcomingEvents: 2, bettors: BETTORS });
    const deadlocks0 = await deadlocks();
    const report = await runMixedLoad(world, { durationMs: SECONDS * 1000, traders: 3, watchDecisions: true });
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((resolve) => (s.child.exitCode !== null ? resolve(null) : s.child.once('exit', resolve)))));
    await sleep(1500);
    // The decision as the database recorded it: the timeline row's time (its transaction's start).
    const [db] = await stats`select percentile_disc(0.5) within group (order by ms) as p50, percentile_disc(0.99) within group (order by ms) as p99, max(ms) as max
      from (select extract(epoch from (e.at - b.accept_at)) * 1000 as ms from bet_events e join bets b on b.id = e.bet_id where e.kind in ('ACCEPTED', 'REJECTED') and b.accept_at is not null) d`;
    const lateness = report.inplay.flatMap((b) => (b.decidedAtMs === null ? [] : [b.decidedAtMs - b.acceptAtMs])).sort((a, b) => a - b);
    const answered = Object.values(report.operations).reduce((sum, o) => sum + o.answered, 0);
    return {
      label,
      inplayBets: report.inplay.length,
      undecided: report.inplay.length - lateness.length,
      p50Ms: Math.round(percentile(lateness, 50)),
      p99Ms: Math.round(percentile(lateness, 99)),
      maxMs: Math.round(lateness[lateness.length - 1] ?? NaN),
      answered,
      internalErrors: report.internalErrors,
      deadlocks: (await deadlocks()) - deadlocks0,
      recordedP50Ms: Math.round(Number(db.p50)),
      recordedP99Ms: Math.round(Number(db.p99)),
      recordedMaxMs: Math.round(Number(db.max)),
    };
  } finally {
    for (const s of servers) s.child.kill('SIGKILL');
    await stats.end();
    await database.drop();
  }
}

async function main() {
  let beforeDir: string | null = null;
  if (BEFORE) {
    beforeDir = mkdtempSync(join(tmpdir(), 'inplay-before-'));
    execSync(`git archive ${BEFORE} | tar -x -C ${beforeDir}`, { cwd: root });
    symlinkSync(join(root, 'node_modules'), join(beforeDir, 'node_modules'));
  }
  const results: Array<Awaited<ReturnType<typeof run>>> = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      if (beforeDir) results.push(await run(`before (${BEFORE})`, beforeDir));
      results.push(await run('after', root));
    }
  } finally {
    if (beforeDir) rmSync(beforeDir, { recursive: true, force: true });
  }
  console.log(`\nIn-play decision lateness (bettor's betUpdated arrival - acceptAt), INPLAY_DELAY_MS=1000, two instances, ${SECONDS} s of mixed load, ${BETTORS} bettors and 3 traders\n`);
  console.log('| code | in-play bets | undecided | p50 ms | p99 ms | max ms | recorded p50 / p99 / max ms | answers | internal errors | deadlocks |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.label} | ${r.inplayBets} | ${r.undecided} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} | ${r.recordedP50Ms} / ${r.recordedP99Ms} / ${r.recordedMaxMs} | ${r.answered} | ${r.internalErrors} | ${r.deadlocks} |`);
  }
  console.log('\n(recorded: the time on the timeline row of ACCEPTED or REJECTED minus acceptAt; this code stamps it when written, older code when its transaction began)');
  writeResults('inplay', { seconds: SECONDS, bettors: BETTORS, before: BEFORE ?? null, results });
}

runBench(main);
