// In-play rejections (issue 18): how many in-play bets stand, at the API's default odds-change
// policy (NONE: the price seen must still hold when the in-play delay ends) and the default delay,
// while the feed simulator runs at its defaults; and how often each live event's prices move and
// how long suspensions last. Not a speed benchmark: it prints behaviour, measured on a real server.
//
// A real server (graphql/server.ts, FEED on, every other setting at its default unless set in this
// process's environment, e.g. FEED_MATCH_SPEED=10) on a fresh Postgres database and real Redis
// (BENCH_EMBEDDED=1: PGlite and in-process pub/sub instead). BENCH_BETTORS bettors (default 8)
// together place about BENCH_BETS_PER_MINUTE single bets a minute (default 60) for BENCH_MINUTES
// (default 4), each on a selection picked uniformly among the open selections of all live events,
// at the price a fresh query just showed, stake 1.00 to 5.00; then every pending bet's decision is
// awaited. Every live event's `oddsChanged` is watched throughout.
// Run: npx tsx e2e/bench/inplay-rejections.ts   (prints a report; JSON under e2e/bench/results/)
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '../../lib/env';
import { freePort, ServerProcess } from '../support/processes';
import { createTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix, type TestDatabase } from '../support/services';
import { gql, signUpBettor, wsClient } from '../support/server';
import { percentile } from './measure';
import { runBench, sleep, waitFor, writeResults } from './load';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 4);
const BETTORS = Number(process.env.BENCH_BETTORS ?? 8);
const BETS_PER_MINUTE = Number(process.env.BENCH_BETS_PER_MINUTE ?? 60);
const EMBEDDED = process.env.BENCH_EMBEDDED === '1';
/** The server's settings as it will read them (defaults unless this process's environment sets them). */
const settings = loadEnv({ ...process.env, DATABASE_URL: undefined, REDIS_URL: undefined });

const LIVE = `query { events(status: LIVE, first: 100) { edges { node { id name sport status markets { id name status selections { id odds status } } } } } }`;
const PLACE = `mutation($input: PlaceBetInput!) {
  placeBet(input: $input) {
    __typename
    ... on BetPlaced { bet { id status acceptAt } }
    ... on UserError { code message }
  }
}`;
const BET = `query($id: ID!) { bet(id: $id) { status rejectionReason odds legs { odds requestedOdds } } }`;
const ODDS = `subscription($id: ID!) { oddsChanged(eventId: $id) { markets { id name status selections { id odds } } } }`;

interface LiveEvent {
  id: string;
  name: string;
  sport: string;
  status: string;
  markets: Array<{ id: string; name: string; status: string; selections: Array<{ id: string; odds: string; status: string }> }>;
}

interface Placed {
  sport: string;
  market: string;
  requestedOdds: string;
  token: string;
  /** The placement's answer: BetPlaced, or a rejection code. */
  answer: string;
  betId?: string;
  decision?: { status: string; reason: string | null; odds: string };
}

/** What the watchers saw of one event: price changes and suspensions, with times. */
interface Watched {
  id: string;
  name: string;
  sport: string;
  fromMs: number;
  toMs: number | null;
  changes: number[];
  odds: Map<string, string>;
  suspendedSince: Map<string, number>;
}

const liveEvents = async (url: string): Promise<LiveEvent[]> => {
  const result = await gql<{ events: { edges: Array<{ node: LiveEvent }> } }>(url, LIVE);
  if (!result.data) throw new Error(`events query failed: ${JSON.stringify(result.errors)}`);
  return result.data.events.edges.map((e) => e.node);
};

const mean = (xs: readonly number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const share = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;
const fixed = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

async function main() {
  const database: TestDatabase | null = EMBEDDED ? null : await createTestDatabase();
  const dataDir = EMBEDDED ? mkdtempSync(join(tmpdir(), 'inplay-bench-')) : null;
  const env: Record<string, string> = {
    FEED: 'simulated',
    LOG_LEVEL: 'warn',
    ...(database
      ? { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix(), AUTH_SECRET: randomBytes(32).toString('hex'), TRADER_PASSWORD: 'trader-password' }
      : { DATABASE_URL: '', REDIS_URL: '', DATA_DIR: dataDir ?? '' }),
  };
  const server = new ServerProcess(await freePort(), env);
  const watched = new Map<string, Watched>();
  const suspensions: Array<{ sport: string; market: string; seconds: number }> = [];
  const ws = wsClient(server.url, { retryAttempts: 5 });
  const disposers: Array<() => void> = [];
  try {
    await server.start();
    console.log(
      `server on ${server.url} (${database ? 'Postgres and Redis' : 'PGlite and in-process pub/sub'}); FEED_MATCH_SPEED=${settings.FEED_MATCH_SPEED} ` +
        `FEED_TICK_MS=${settings.FEED_TICK_MS} INPLAY_DELAY_MS=${settings.INPLAY_DELAY_MS}; ${BETTORS} bettors, ~${BETS_PER_MINUTE} bets a minute for ${MINUTES} min`,
    );
    await waitFor(async () => (await liveEvents(server.url)).length >= 6, 60_000, 'six live events');

    /** Subscribes to every live event not yet watched, and notes the end of those no longer live. */
    const watch = async () => {
      const events = await liveEvents(server.url);
      const now = Date.now();
      for (const w of watched.values()) if (w.toMs === null && !events.some((e) => e.id === w.id)) w.toMs = now;
      for (const event of events) {
        if (watched.has(event.id)) continue;
        const w: Watched = { id: event.id, name: event.name, sport: event.sport, fromMs: now, toMs: null, changes: [], odds: new Map(), suspendedSince: new Map() };
        for (const market of event.markets) {
          for (const s of market.selections) w.odds.set(s.id, s.odds);
          if (market.status === 'SUSPENDED') w.suspendedSince.set(market.id, now);
        }
        watched.set(event.id, w);
        disposers.push(
          ws.subscribe<{ oddsChanged: { markets: LiveEvent['markets'] } }>(
            { query: ODDS, variables: { id: event.id } },
            {
              next: ({ data }) => {
                const at = Date.now();
                let moved = false;
                for (const market of data?.oddsChanged.markets ?? []) {
                  for (const s of market.selections) {
                    if (w.odds.get(s.id) !== s.odds) moved = true;
                    w.odds.set(s.id, s.odds);
                  }
                  const since = w.suspendedSince.get(market.id);
                  if (market.status === 'SUSPENDED' && since === undefined) w.suspendedSince.set(market.id, at);
                  if (market.status !== 'SUSPENDED' && since !== undefined) {
                    w.suspendedSince.delete(market.id);
                    // A market that reopens was suspended for a bet stop; one that settles was decided.
                    if (market.status === 'OPEN') suspensions.push({ sport: w.sport, market: market.name, seconds: (at - since) / 1000 });
                  }
                }
                if (moved && (w.toMs === null || at <= w.toMs)) w.changes.push(at);
              },
              error: (error) => console.error(`oddsChanged(${event.id}) failed: ${JSON.stringify(error)}`),
              complete: () => {},
            },
          ),
        );
      }
    };
    await watch();

    const bettors = await Promise.all(Array.from({ length: BETTORS }, () => signUpBettor(server.url, { deposit: '1000.00', prefix: 'inplay' })));
    const placed: Placed[] = [];
    const startMs = Date.now();
    const deadline = startMs + MINUTES * 60_000;
    const watcher = (async () => {
      while (Date.now() < deadline) {
        await sleep(2000);
        await watch().catch((error) => console.error(`watch: ${error}`));
      }
    })();
    const meanGapMs = (BETTORS * 60_000) / BETS_PER_MINUTE;
    await Promise.all(
      bettors.map(async ({ token }) => {
        // Poisson arrivals: exponential gaps, so bets land at every moment of the feed's ticks.
        await sleep(Math.random() * meanGapMs);
        while (Date.now() < deadline) {
          const choices = (await liveEvents(server.url)).flatMap((event) =>
            event.markets
              .filter((m) => m.status === 'OPEN')
              .flatMap((m) => m.selections.filter((s) => s.status === 'OPEN').map((s) => ({ sport: event.sport, market: m.name, selection: s }))),
          );
          if (choices.length > 0) {
            const choice = choices[randomInt(choices.length)];
            const stake = `${randomInt(1, 5)}.${String(randomInt(100)).padStart(2, '0')}`;
            const input = { legs: [{ selectionId: choice.selection.id, odds: choice.selection.odds }], stake, idempotencyKey: randomBytes(8).toString('hex') };
            const result = await gql(server.url, PLACE, { input }, token);
            const answer = result.data?.placeBet;
            if (!answer) throw new Error(`placeBet failed: ${JSON.stringify(result)}`);
            placed.push({
              sport: choice.sport,
              market: choice.market,
              requestedOdds: choice.selection.odds,
              token,
              answer: answer.__typename === 'BetPlaced' ? 'BetPlaced' : answer.code,
              betId: answer.bet?.id,
              decision: answer.bet && answer.bet.status !== 'PENDING' ? { status: answer.bet.status, reason: null, odds: choice.selection.odds } : undefined,
            });
          }
          await sleep(Math.min(-Math.log(1 - Math.random()) * meanGapMs, Math.max(0, deadline - Date.now())));
        }
      }),
    );
    await watcher;
    const endMs = Date.now();
    for (const w of watched.values()) w.toMs ??= endMs;

    // Every pending bet is decided within the delay and a poll or two.
    await waitFor(
      async () => {
        for (const bet of placed.filter((p) => p.betId && !p.decision)) {
          const result = await gql(server.url, BET, { id: bet.betId }, bet.token);
          const b = result.data?.bet;
          if (b && b.status !== 'PENDING') bet.decision = { status: b.status, reason: b.rejectionReason, odds: b.odds };
        }
        return placed.every((p) => !p.betId || p.decision);
      },
      60_000,
      'every pending bet decided',
    );

    report({ placed, watched: [...watched.values()], suspensions, seconds: (endMs - startMs) / 1000 });
  } finally {
    for (const dispose of disposers) dispose();
    await ws.dispose();
    server.kill();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(run: { placed: Placed[]; watched: Watched[]; suspensions: Array<{ sport: string; market: string; seconds: number }>; seconds: number }) {
  const { placed } = run;
  const refused = placed.filter((p) => p.answer !== 'BetPlaced');
  const decided = placed.filter((p) => p.decision);
  const rejected = decided.filter((p) => p.decision?.status === 'REJECTED');
  // Accepted bets may already be settled (a total passed its line) by the time they are read.
  const accepted = decided.filter((p) => p.decision?.status !== 'REJECTED');
  const allRejected = refused.length + rejected.length;
  const reasons = new Map<string, number>();
  for (const p of refused) reasons.set(`at placement: ${p.answer}`, (reasons.get(`at placement: ${p.answer}`) ?? 0) + 1);
  for (const p of rejected) reasons.set(`after the delay: ${p.decision?.reason}`, (reasons.get(`after the delay: ${p.decision?.reason}`) ?? 0) + 1);

  console.log(`\nIn-play bets over ${fixed(run.seconds / 60)} minutes: ${placed.length} placed at the default policy (NONE)`);
  console.log(`  accepted after the delay   ${accepted.length}`);
  console.log(`  rejected in all            ${allRejected} (${share(allRejected, placed.length)})`);
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`    ${reason.padEnd(60)} ${String(n).padStart(4)} (${share(n, placed.length)})`);
  const bySport = new Map<string, { bets: number; rejected: number }>();
  for (const p of placed) {
    const s = bySport.get(p.sport) ?? { bets: 0, rejected: 0 };
    s.bets += 1;
    if (p.answer !== 'BetPlaced' || p.decision?.status === 'REJECTED') s.rejected += 1;
    bySport.set(p.sport, s);
  }
  for (const [sport, s] of bySport) console.log(`  ${sport.padEnd(12)} ${String(s.bets).padStart(4)} bets, ${share(s.rejected, s.bets)} rejected`);

  const events = run.watched.map((w) => {
    const seconds = ((w.toMs ?? w.fromMs) - w.fromMs) / 1000;
    return { sport: w.sport, name: w.name, seconds, changes: w.changes.length, secondsPerChange: w.changes.length > 0 ? seconds / w.changes.length : Infinity };
  });
  // Events watched for under a minute (started or finished at the edges of the run) say little.
  const long = events.filter((e) => e.seconds >= 60);
  const totalSeconds = long.reduce((n, e) => n + e.seconds, 0);
  const totalChanges = long.reduce((n, e) => n + e.changes, 0);
  console.log(`\nPrice changes of ${long.length} live events watched for a minute or more (${events.length} in all)`);
  for (const e of long.sort((a, b) => a.sport.localeCompare(b.sport))) {
    console.log(`  ${e.sport.padEnd(11)} ${e.name.padEnd(44)} ${fixed(e.seconds, 0).padStart(5)} s  ${String(e.changes).padStart(4)} changes  one every ${fixed(e.secondsPerChange)} s`);
  }
  const perEvent = long.map((e) => e.secondsPerChange);
  console.log(`  mean of the events' seconds between changes: ${fixed(mean(perEvent))} s (slowest event ${fixed(Math.max(...perEvent))} s); all events together: one every ${fixed(totalSeconds / Math.max(1, totalChanges))} s per event`);

  const durations = run.suspensions.map((s) => s.seconds).sort((a, b) => a - b);
  console.log(`\nSuspensions that reopened: ${durations.length}; mean ${fixed(mean(durations))} s, median ${fixed(percentile(durations, 50))} s, p90 ${fixed(percentile(durations, 90))} s, longest ${fixed(durations.at(-1) ?? NaN)} s`);
  const bySportStops = new Map<string, number[]>();
  for (const s of run.suspensions) bySportStops.set(s.sport, [...(bySportStops.get(s.sport) ?? []), s.seconds]);
  for (const [sport, list] of bySportStops) console.log(`  ${sport.padEnd(12)} ${String(list.length).padStart(4)} suspensions, mean ${fixed(mean(list))} s`);

  const rate = allRejected / Math.max(1, placed.length);
  const meanGap = mean(perEvent);
  console.log(`\ntarget: at most 10% rejected over at least 100 bets: ${placed.length >= 100 && rate <= 0.1 ? 'met' : 'NOT met'} (${share(allRejected, placed.length)} of ${placed.length})`);
  console.log(`target: each live event changes a price at least every 15 s on average: ${meanGap <= 15 ? 'met' : 'NOT met'} (${fixed(meanGap)} s)`);
  writeResults('inplay-rejections', {
    settings: { FEED_MATCH_SPEED: settings.FEED_MATCH_SPEED, FEED_TICK_MS: settings.FEED_TICK_MS, INPLAY_DELAY_MS: settings.INPLAY_DELAY_MS, minutes: MINUTES, bettors: BETTORS, embedded: EMBEDDED },
    bets: placed.length,
    accepted: accepted.length,
    rejected: allRejected,
    reasons: Object.fromEntries(reasons),
    bySport: Object.fromEntries(bySport),
    events,
    meanSecondsBetweenChanges: meanGap,
    suspensions: { count: durations.length, meanSeconds: mean(durations), medianSeconds: percentile(durations, 50), maxSeconds: durations.at(-1) ?? null },
  });
}

runBench(main);
