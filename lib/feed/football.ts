import { footballProbabilities } from './odds-model';
import { between, clamp, gaussian, poisson, type Random } from './random';
import { winnerAt, type SportFeed } from './sport-feed';

/** A football match as the simulator keeps it; plain JSON. */
export interface FootballMatch {
  sport: 'football';
  period: 'first' | 'half_time' | 'second' | 'full_time';
  /** Match clock in seconds since kick-off (45:00 at the start of the second half). */
  clockSeconds: number;
  /** Half-time break still to run, in match seconds. */
  breakSeconds: number;
  addedFirstMinutes: number;
  addedSecondMinutes: number;
  home: number;
  away: number;
  /** Goals per 90 minutes expected before kick-off: the teams' strengths. */
  baseRateHome: number;
  baseRateAway: number;
  /** Current scoring rates, drifting around the base like a trader's read of the game. */
  rateHome: number;
  rateAway: number;
}

/** 90 minutes plus stoppage and a short break take about 8 real minutes. */
const MATCH_SECONDS_PER_MS = (90 * 60) / (8 * 60 * 1000);
const HALF_TIME_SECONDS = 3 * 60;
const CHUNK_SECONDS = 15;
/** Relative drift of the scoring rates per match minute; enough to move odds between goals. */
const DRIFT_PER_MINUTE = 0.03;

function minutesLeft(m: FootballMatch): number {
  const second = 45 + m.addedSecondMinutes;
  if (m.period === 'first') return Math.max(0, 45 + m.addedFirstMinutes - m.clockSeconds / 60) + second;
  if (m.period === 'half_time') return second;
  if (m.period === 'second') return Math.max(0, 90 + m.addedSecondMinutes - m.clockSeconds / 60);
  return 0;
}

function drift(random: Random, rate: number, base: number, minutes: number): number {
  return clamp(rate * Math.exp(DRIFT_PER_MINUTE * Math.sqrt(minutes) * gaussian(random)), base * 0.75, base * 1.33);
}

function minuteText(clockSeconds: number, regular: number): string {
  const minute = Math.floor(clockSeconds / 60) + 1;
  return minute > regular ? `${regular}+${minute - regular}'` : `${minute}'`;
}

export const football: SportFeed<FootballMatch> = {
  sport: 'football',
  typicalDurationMs: 8 * 60 * 1000,

  create(random) {
    const baseRateHome = between(random, 0.9, 2.0);
    const baseRateAway = between(random, 0.6, 1.7);
    return {
      sport: 'football',
      period: 'first',
      clockSeconds: 0,
      breakSeconds: 0,
      addedFirstMinutes: Math.floor(between(random, 1, 4)),
      addedSecondMinutes: Math.floor(between(random, 2, 6)),
      home: 0,
      away: 0,
      baseRateHome,
      baseRateAway,
      rateHome: baseRateHome,
      rateAway: baseRateAway,
    };
  },

  advance(match, elapsedMs, random) {
    const m = { ...match };
    let betStop = false;
    let remaining = Math.max(0, elapsedMs) * MATCH_SECONDS_PER_MS;
    while (remaining > 0 && m.period !== 'full_time') {
      const dt = Math.min(CHUNK_SECONDS, remaining);
      remaining -= dt;
      if (m.period === 'half_time') {
        m.breakSeconds -= dt;
        if (m.breakSeconds <= 0) Object.assign(m, { period: 'second', clockSeconds: 45 * 60, breakSeconds: 0 });
        continue;
      }
      m.clockSeconds += dt;
      const goalsHome = poisson(random, (m.rateHome * dt) / (90 * 60));
      const goalsAway = poisson(random, (m.rateAway * dt) / (90 * 60));
      if (goalsHome + goalsAway > 0) betStop = true;
      m.home += goalsHome;
      m.away += goalsAway;
      m.rateHome = drift(random, m.rateHome, m.baseRateHome, dt / 60);
      m.rateAway = drift(random, m.rateAway, m.baseRateAway, dt / 60);
      if (m.period === 'first' && m.clockSeconds >= (45 + m.addedFirstMinutes) * 60) {
        Object.assign(m, { period: 'half_time', breakSeconds: HALF_TIME_SECONDS });
      } else if (m.period === 'second' && m.clockSeconds >= (90 + m.addedSecondMinutes) * 60) {
        m.period = 'full_time';
      }
    }
    return { match: m, betStop };
  },

  clock(m) {
    if (m.period === 'half_time') return 'HT';
    if (m.period === 'full_time') return 'FT';
    return m.period === 'first' ? minuteText(m.clockSeconds, 45) : minuteText(m.clockSeconds, 90);
  },

  score: (m) => ({ home: m.home, away: m.away }),
  finished: (m) => m.period === 'full_time',

  markets: (_m, home, away) => [
    { kind: 'match_result', name: 'Match result', selections: [home, 'Draw', away] },
    { kind: 'total_goals_2_5', name: 'Total goals 2.5', selections: ['Over 2.5', 'Under 2.5'] },
    { kind: 'both_teams_to_score', name: 'Both teams to score', selections: ['Yes', 'No'] },
  ],

  probabilities(m) {
    const p = footballProbabilities({ home: m.home, away: m.away, rateHome: m.rateHome, rateAway: m.rateAway, minutesLeft: minutesLeft(m) });
    return { match_result: p.matchResult, total_goals_2_5: p.totalGoals, both_teams_to_score: p.bothTeamsToScore };
  },

  results(m) {
    const done = m.period === 'full_time';
    const results: Record<string, ReturnType<typeof winnerAt>> = {};
    // Some markets are decided before the whistle: three goals make it over, a goal each makes it yes.
    if (done || m.home + m.away > 2.5) results.total_goals_2_5 = winnerAt(m.home + m.away > 2.5 ? 0 : 1, 2);
    if (done || (m.home > 0 && m.away > 0)) results.both_teams_to_score = winnerAt(m.home > 0 && m.away > 0 ? 0 : 1, 2);
    if (done) results.match_result = winnerAt(m.home > m.away ? 0 : m.home === m.away ? 1 : 2, 3);
    return results;
  },
};
