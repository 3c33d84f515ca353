// In-play pricing, replayed without a server (issue 18): whole seeded matches through the feed's
// book and pricing (lib/feed/replay-pricing.ts), a tick a second, at several match speeds. Per
// sport: how long a match lasts in real time, how often a match changes a price, the share of
// in-play bets at the default policy that would be rejected after the default delay, and the bet
// stops. What it leaves out (request times, the money's own moves) the server script measures:
// e2e/bench/inplay-rejections.ts.
// Run: npx tsx e2e/bench/inplay-model.ts   (BENCH_SPEEDS=1,4,10 BENCH_MATCHES=20 BENCH_DRIFT_MS=60000)
import { loadEnv } from '../../lib/env';
import { DEFAULT_DRIFT_MS } from '../../lib/feed/book';
import { DEFAULT_MARGIN_BPS } from '../../lib/feed/odds-model';
import { rejectedShare, replayMatch } from '../../lib/feed/replay-pricing';
import { SPORT_IDS } from '../../lib/feed/sport-feed';

const env = loadEnv({});
const speeds = (process.env.BENCH_SPEEDS ?? `1,${env.FEED_MATCH_SPEED},10`).split(',').map(Number);
const matches = Number(process.env.BENCH_MATCHES ?? 20);
const driftMs = Number(process.env.BENCH_DRIFT_MS ?? DEFAULT_DRIFT_MS);

console.log(`${matches} matches per sport and speed; drift ${driftMs / 1000} s, bet stop 4 s, in-play delay ${env.INPLAY_DELAY_MS} ms`);
console.log('speed  sport        match (real min)  s between changes  rejected  market stops  mean stop (s)');
for (const speed of speeds) {
  for (const sport of SPORT_IDS) {
    let seconds = 0;
    let changes = 0;
    let rejected = 0;
    const stops: number[] = [];
    for (let seed = 1; seed <= matches; seed += 1) {
      const replayed = replayMatch(sport, seed, { speed, driftMs, betStopMs: 4000, marginBps: DEFAULT_MARGIN_BPS });
      seconds += replayed.ticks.length;
      changes += replayed.changes;
      rejected += rejectedShare(replayed.ticks, env.INPLAY_DELAY_MS);
      stops.push(...replayed.suspensions);
    }
    const meanStop = stops.reduce((a, b) => a + b, 0) / Math.max(1, stops.length);
    console.log(
      `${String(speed).padStart(5)}  ${sport.padEnd(11)}  ${(seconds / matches / 60).toFixed(1).padStart(16)}  ${(seconds / changes).toFixed(1).padStart(17)}  ${`${((100 * rejected) / matches).toFixed(1)}%`.padStart(8)}  ${(stops.length / matches).toFixed(1).padStart(13)}  ${meanStop.toFixed(1).padStart(13)}`,
    );
  }
}
