// Lighthouse on the lobby, the event page, a bet ticket and the wallet (issue 17: performance must
// not drop; issue 18: at least 95): the production build (`npx next build` first) served by the
// real server on a fresh database with the feed off, three live football events and one upcoming
// made through the trader API, and a bettor with one bet (ticket and wallet are signed in through
// the session cookie), measured with Lighthouse 12's desktop preset and its default (mobile)
// settings in Debian's Chromium, BENCH_RUNS times each, interleaved. Prints each run's performance
// score with FCP, LCP, TBT, CLS and Speed Index, and the median score per page and preset.
// BENCH_PAGES=lobby,event picks pages; BENCH_DETAILS=1 also prints the main thread's long tasks and
// the scripts that cost the most boot-up time, the LCP element and the render-blocking resources.
// BENCH_PRESETS=mobile runs one preset; BENCH_KEEP=<dir> keeps the JSON reports there.
// The page "floor" (in the default set) is the framework alone: e2e/bench/next-floor, a Next 16 app
// of one server-rendered page with twelve small client islands and nothing of the product, built and
// served with `next start` by this bench. Its score is the most any page of this stack can reach on
// the machine at that moment, so the pages are read against it.
//
// Run: CHROME_PATH=/usr/bin/chromium npx tsx e2e/bench/lighthouse.bench.ts (BENCH_RUNS=3)
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_COOKIE } from '../support/browser';
import { createLiveEvent, gql, signUpBettor, startTestServer, traderToken } from '../support/server';
import { createTestDatabase } from '../support/services';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PAGES = (process.env.BENCH_PAGES ?? 'floor,lobby,event,ticket,wallet').split(',');
const DETAILS = process.env.BENCH_DETAILS === '1';
const PRESETS = (process.env.BENCH_PRESETS ?? 'desktop,mobile').split(',') as Array<'desktop' | 'mobile'>;
/** A directory to keep the reports in (they are deleted otherwise). */
const KEEP = process.env.BENCH_KEEP;
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic';

interface Run {
  page: string;
  preset: string;
  score: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  siMs: number;
}

/** Runs Lighthouse in a child process (asynchronously: the server under test runs in this one). */
async function lighthouse(page: string, url: string, cookie: string | null, preset: 'desktop' | 'mobile', dir: string, n: number): Promise<Run> {
  const out = join(dir, `${page}-${preset}-${n}.json`);
  const args = ['lighthouse', url, '--only-categories=performance', '--output=json', `--output-path=${out}`, '--quiet', `--chrome-flags=${CHROME_FLAGS}`];
  if (preset === 'desktop') args.push('--preset=desktop');
  if (cookie) args.push(`--extra-headers=${JSON.stringify({ Cookie: cookie })}`);
  await promisify(execFile)('npx', args, { env: { ...process.env, CHROME_PATH }, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    categories: { performance: { score: number } };
    audits: Record<string, { numericValue: number; details?: { items?: Array<Record<string, unknown>> } }>;
  };
  const audit = (id: string) => report.audits[id].numericValue;
  if (DETAILS) {
    const items = (id: string) => report.audits[id]?.details?.items ?? [];
    console.log(`${page} ${preset} long tasks:`, JSON.stringify(items('long-tasks').map((t) => [t.url, Math.round(Number(t.startTime)), Math.round(Number(t.duration))])));
    console.log(`${page} ${preset} boot-up:`, JSON.stringify(items('bootup-time').slice(0, 6).map((t) => [t.url, Math.round(Number(t.total)), Math.round(Number(t.scripting))])));
    const lcpElement = items('largest-contentful-paint-element')[0] as { items?: Array<{ node?: { snippet?: string; selector?: string } }> } | undefined;
    const lcpNode = lcpElement?.items?.[0]?.node;
    console.log(`${page} ${preset} LCP element:`, lcpNode?.selector, lcpNode?.snippet);
    console.log(`${page} ${preset} render-blocking:`, JSON.stringify(items('render-blocking-resources').map((t) => [t.url, Math.round(Number(t.wastedMs))])));
  }
  return {
    page,
    preset,
    score: Math.round(report.categories.performance.score * 100),
    fcpMs: Math.round(audit('first-contentful-paint')),
    lcpMs: Math.round(audit('largest-contentful-paint')),
    tbtMs: Math.round(audit('total-blocking-time')),
    cls: Number(audit('cumulative-layout-shift').toFixed(3)),
    siMs: Math.round(audit('speed-index')),
  };
}

/** A free port on loopback. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Builds e2e/bench/next-floor and serves it with `next start`; resolves once it answers. */
async function startFloor(): Promise<{ url: string; close(): void }> {
  const root = join(import.meta.dirname, 'next-floor');
  await promisify(execFile)('npx', ['next', 'build', root], { timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  const port = await freePort();
  const child = spawn('npx', ['next', 'start', root, '-p', String(port), '-H', '127.0.0.1'], { stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}/`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (tries > 300) throw new Error('the floor app did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, close: () => process.kill(-child.pid!, 'SIGTERM') };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const database = await createTestDatabase();
const server = await startTestServer({ databaseUrl: database.url, next: true, env: { FEED: 'off' } });
const floor = PAGES.includes('floor') ? await startFloor() : null;
const dir = KEEP ? (mkdirSync(KEEP, { recursive: true }), KEEP) : mkdtempSync(join(tmpdir(), 'lighthouse-'));
try {
  const trader = await traderToken(server.url);
  const event = await createLiveEvent(server.url, trader, 'Lighthouse Rovers', 'Benchmark City');
  await createLiveEvent(server.url, trader, 'Harbour Athletic', 'Millbrook United');
  await createLiveEvent(server.url, trader, 'Kingsway Rangers', 'Old Town Albion');
  await gql(
    server.url,
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
    {
      input: {
        sport: 'Football',
        home: 'Evening Rovers',
        away: 'Late Kick Town',
        startsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
        markets: [{ name: 'Match result', selections: [{ name: 'Evening Rovers', odds: '2.00' }, { name: 'Draw', odds: '3.30' }, { name: 'Late Kick Town', odds: '3.90' }] }],
      },
    },
    trader,
  );
  const bettor = await signUpBettor(server.url, { deposit: '50.00', prefix: 'lh' });
  const placed = await gql(
    server.url,
    `mutation($input: PlaceBetInput!) { placeBet(input: $input) { ... on BetPlaced { bet { id } } } }`,
    { input: { legs: [{ selectionId: event.markets[0].selections[0].id, odds: '2.10' }], stake: '5.00', idempotencyKey: 'lighthouse' } },
    bettor.token,
  );
  const cookie = `${SESSION_COOKIE}=${bettor.token}`;
  const targets: Record<string, { url: string; cookie: string | null }> = {
    floor: { url: floor?.url ?? '', cookie: null },
    lobby: { url: `${server.url}/`, cookie: null },
    event: { url: `${server.url}/events/${event.id}`, cookie: null },
    ticket: { url: `${server.url}/bets/${placed.data.placeBet.bet.id}`, cookie },
    wallet: { url: `${server.url}/wallet`, cookie },
  };
  // One warm-up load each, so the first run does not pay for Next's first compile of the route's data.
  for (const page of PAGES) await fetch(targets[page].url, { headers: targets[page].cookie ? { cookie: targets[page].cookie! } : {} });
  const runs: Run[] = [];
  for (let n = 0; n < RUNS; n++) {
    for (const page of PAGES) {
      for (const preset of PRESETS) {
        const run = await lighthouse(page, targets[page].url, targets[page].cookie, preset, dir, n);
        runs.push(run);
        console.log(JSON.stringify(run));
      }
    }
  }
  for (const page of PAGES) {
    for (const preset of PRESETS) {
      const mine = runs.filter((r) => r.page === page && r.preset === preset);
      console.log(
        `${page} ${preset}: median performance ${median(mine.map((r) => r.score))} (runs ${mine.map((r) => r.score).join(', ')}), median FCP ${median(mine.map((r) => r.fcpMs))} ms, LCP ${median(mine.map((r) => r.lcpMs))} ms, TBT ${median(mine.map((r) => r.tbtMs))} ms, CLS ${median(mine.map((r) => r.cls))}`,
      );
    }
  }
} finally {
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
  floor?.close();
  await server.close();
  await database.drop();
}
