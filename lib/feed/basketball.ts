import { BASKET_MEAN_POINTS, basketballProbabilities } from './odds-model';
import { between, clamp, gaussian, poisson, type Random } from './random';
import { winnerAt, type SelectionResult, type SportFeed } from './sport-feed';

/** A basketball game (four 12-minute quarters, 5-minute overtimes) as the simulator keeps it. */
export interface BasketballMatch {
  sport: 'basketball';
  /** 1 to 4, then 5, 6, ... for overtimes. */
  period: number;
  /** Game seconds left in the period. */
  secondsLeft: number;
  /** Break before the next period still to run, in game seconds; 0 while playing. */
  breakSeconds: number;
  home: number;
  away: number;
  /** Points per minute expected before tip-off: the teams' strengths. */
  baseRateHome: number;
  baseRateAway: number;
  rateHome: number;
  rateAway: number;
  /** Lines fixed at creation, so the markets' selections keep their meaning. */
  totalLine: number;
  handicap: number;
  finished: boolean;
}

/** 48 game minutes take 8 real minutes, plus short breaks. */
const GAME_SECONDS_PER_MS = (48 * 60) / (8 * 60 * 1000);
const QUARTER_SECONDS = 12 * 60;
const OVERTIME_SECONDS = 5 * 60;
const BREAK_SECONDS = 60;
const HALF_TIME_SECONDS = 120;
const CHUNK_SECONDS = 6;

function minutesLeft(m: BasketballMatch): number {
  if (m.finished) return 0;
  const laterQuarters = m.period < 4 ? (4 - m.period) * QUARTER_SECONDS : 0;
  return (m.secondsLeft + laterQuarters) / 60;
}

/** Points of one scoring play: mostly twos, some threes, some single free throws. */
function playPoints(random: Random): number {
  const r = random();
  return r < 0.62 ? 2 : r < 0.9 ? 3 : 1;
}

function score(random: Random, ratePerMinute: number, seconds: number): number {
  let points = 0;
  const plays = poisson(random, ((ratePerMinute / BASKET_MEAN_POINTS) * seconds) / 60);
  for (let i = 0; i < plays; i += 1) points += playPoints(random);
  return points;
}

const leader = (m: BasketballMatch) => Math.sign(m.home - m.away);
const periodName = (period: number) => (period <= 4 ? `Q${period}` : period === 5 ? 'OT' : `OT${period - 4}`);
const halfPoint = (x: number) => Math.floor(x) + 0.5;
const signed = (x: number) => (x > 0 ? `+${x}` : `${x}`);

export const basketball: SportFeed<BasketballMatch> = {
  sport: 'basketball',
  typicalDurationMs: 9 * 60 * 1000,

  create(random) {
    const baseRateHome = between(random, 2.05, 2.5);
    const baseRateAway = between(random, 1.95, 2.4);
    const minutes = 48;
    return {
      sport: 'basketball',
      period: 1,
      secondsLeft: QUARTER_SECONDS,
      breakSeconds: 0,
      home: 0,
      away: 0,
      baseRateHome,
      baseRateAway,
      rateHome: baseRateHome,
      rateAway: baseRateAway,
      totalLine: halfPoint((baseRateHome + baseRateAway) * minutes),
      // The handicap that makes the home side cover about half the time.
      handicap: -halfPoint((baseRateHome - baseRateAway) * minutes),
      finished: false,
    };
  },

  advance(match, elapsedMs, random) {
    const m = { ...match };
    let betStop = false;
    let remaining = Math.max(0, elapsedMs) * GAME_SECONDS_PER_MS;
    while (remaining > 0 && !m.finished) {
      const dt = Math.min(CHUNK_SECONDS, remaining);
      remaining -= dt;
      if (m.breakSeconds > 0) {
        m.breakSeconds -= dt;
        if (m.breakSeconds <= 0) Object.assign(m, { breakSeconds: 0, period: m.period + 1, secondsLeft: m.period >= 4 ? OVERTIME_SECONDS : QUARTER_SECONDS });
        continue;
      }
      const played = Math.min(dt, m.secondsLeft);
      const before = leader(m);
      m.home += score(random, m.rateHome, played);
      m.away += score(random, m.rateAway, played);
      // A lead changing hands is the moment a book stops betting; ties alone are not.
      if (before !== 0 && leader(m) === -before) betStop = true;
      const driftScale = 0.02 * Math.sqrt(played / 60);
      m.rateHome = clamp(m.rateHome * Math.exp(driftScale * gaussian(random)), m.baseRateHome * 0.85, m.baseRateHome * 1.15);
      m.rateAway = clamp(m.rateAway * Math.exp(driftScale * gaussian(random)), m.baseRateAway * 0.85, m.baseRateAway * 1.15);
      m.secondsLeft -= played;
      if (m.secondsLeft > 0) continue;
      m.secondsLeft = 0;
      if (m.period >= 4 && m.home !== m.away) m.finished = true;
      else m.breakSeconds = m.period === 2 ? HALF_TIME_SECONDS : BREAK_SECONDS;
    }
    return { match: m, betStop };
  },

  clock(m) {
    if (m.finished) return m.period > 4 ? 'Final (OT)' : 'Final';
    if (m.breakSeconds > 0) return m.period === 2 ? 'HT' : `End ${periodName(m.period)}`;
    const seconds = Math.ceil(m.secondsLeft);
    return `${periodName(m.period)} ${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  },

  score: (m) => ({ home: m.home, away: m.away }),
  finished: (m) => m.finished,

  markets: (m, home, away) => [
    { kind: 'moneyline', name: 'Moneyline', selections: [home, away] },
    { kind: 'total_points', name: `Total points ${m.totalLine}`, selections: [`Over ${m.totalLine}`, `Under ${m.totalLine}`] },
    { kind: 'handicap', name: 'Handicap', selections: [`${home} ${signed(m.handicap)}`, `${away} ${signed(-m.handicap)}`] },
  ],

  probabilities(m) {
    const p = basketballProbabilities({
      home: m.home,
      away: m.away,
      rateHome: m.rateHome,
      rateAway: m.rateAway,
      minutesLeft: minutesLeft(m),
      totalLine: m.totalLine,
      handicap: m.handicap,
    });
    return { moneyline: p.moneyline, total_points: p.totalPoints, handicap: p.handicap };
  },

  results(m) {
    const results: Record<string, SelectionResult[]> = {};
    const total = m.home + m.away;
    // Points are never taken away, so passing the line decides the total before the end.
    if (m.finished || total > m.totalLine) results.total_points = winnerAt(total > m.totalLine ? 0 : 1, 2);
    if (m.finished) {
      results.moneyline = winnerAt(m.home > m.away ? 0 : 1, 2);
      results.handicap = winnerAt(m.home - m.away + m.handicap > 0 ? 0 : 1, 2);
    }
    return results;
  },
};
