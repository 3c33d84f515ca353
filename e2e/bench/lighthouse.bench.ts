// Lighthouse on the event page (issue 17: performance must not drop; issue 18: at least 95): the
// production build (`npx next build` first) served by the real server on a fresh database with the
// feed off, one live football event made through the trader API, measured with Lighthouse 12's
// desktop preset and its default (mobile) settings in Debian's Chromium, BENCH_RUNS times each,
// interleaved. Prints each run's performance score with FCP, LCP, TBT, CLS and Speed Index, and the
// median score per preset.
//
// Run: CHROME_PATH=/usr/bin/chromium npx tsx e2e/bench/lighthouse.bench.ts (BENCH_RUNS=3)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLiveEvent, startTestServer, traderToken } from '../support/server';
import { createTestDatabase } from '../support/services';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic';

interface Run {
  preset: string;
  score: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  siMs: number;
}

/** Runs Lighthouse in a child process (asynchronously: the server under test runs in this one). */
async function lighthouse(url: string, preset: 'desktop' | 'mobile', dir: string, n: number): Promise<Run> {
  const out = join(dir, `${preset}-${n}.json`);
  const args = ['lighthouse', url, '--only-categories=performance', '--output=json', `--output-path=${out}`, '--quiet', `--chrome-flags=${CHROME_FLAGS}`];
  if (preset === 'desktop') args.push('--preset=desktop');
  await promisify(execFile)('npx', args, { env: { ...process.env, CHROME_PATH }, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(readFileSync(out, 'utf8')) as { categories: { performance: { score: number } }; audits: Record<string, { numericValue: number }> };
  const audit = (id: string) => report.audits[id].numericValue;
  return {
    preset,
    score: Math.round(report.categories.performance.score * 100),
    fcpMs: Math.round(audit('first-contentful-paint')),
    lcpMs: Math.round(audit('largest-contentful-paint')),
    tbtMs: Math.round(audit('total-blocking-time')),
    cls: Number(audit('cumulative-layout-shift').toFixed(3)),
    siMs: Math.round(audit('speed-index')),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const database = await createTestDatabase();
const server = await startTestServer({ databaseUrl: database.url, next: true, env: { FEED: 'off' } });
const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
try {
  const event = await createLiveEvent(server.url, await traderToken(server.url), 'Lighthouse Rovers', 'Benchmark City');
  const url = `${server.url}/events/${event.id}`;
  // One warm-up load, so the first run does not pay for Next's first compile of the route's data.
  await fetch(url);
  const runs: Run[] = [];
  for (let n = 0; n < RUNS; n++) {
    for (const preset of ['desktop', 'mobile'] as const) {
      const run = await lighthouse(url, preset, dir, n);
      runs.push(run);
      console.log(JSON.stringify(run));
    }
  }
  for (const preset of ['desktop', 'mobile']) {
    const mine = runs.filter((r) => r.preset === preset);
    console.log(`${preset}: median performance ${median(mine.map((r) => r.score))} (runs ${mine.map((r) => r.score).join(', ')}), median TBT ${median(mine.map((r) => r.tbtMs))} ms, LCP ${median(mine.map((r) => r.lcpMs))} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await server.close();
  await database.drop();
}
