import { BASKET_MEAN_POINTS, basketballProbabilities, basketballTotal } from './odds-model';
import { between, clamp, gaussian, poisson, type Random } from './random';
import { halfPoint, NO_EFFECT, winnerAt, type Incident, type IncidentEffect, type SelectionResult, type Side, type SportFeed } from './sport-feed';

/** A basketball game (four 12-minute quarters, 5-minute overtimes) as the simulator keeps it. */
export interface BasketballMatch {
  sport: 'basketball';
  /** 1 to 4, then 5, 6, ... for overtimes. */
  period: number;
  /** Game-clock seconds left in the period. */
  secondsLeft: number;
  /** Break before the next period still to run, in match seconds; 0 while playing. */
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
  homeLine: number;
  awayLine: number;
  firstHalfLine: number;
  /** Home's first-half handicap (x.5), about half the game's. */
  firstHalfHandicap: number;
  /** The score at half time and at the end of regulation, once reached. */
  halfTime: [number, number] | null;
  regulation: [number, number] | null;
  /** Unanswered points of the side scoring last. */
  run: { side: Side; points: number } | null;
  finished: boolean;
}

/**
 * The game clock stops for fouls, free throws, timeouts and the ball out of play: a game minute
 * takes about 2.4 minutes, so 48 minutes last about two hours with the breaks.
 */
const CLOCK_SHARE = 1 / 2.4;
const QUARTER_SECONDS = 12 * 60;
const OVERTIME_SECONDS = 5 * 60;
/** Breaks in match seconds; half time is shortened to five minutes, as in football. */
const BREAK_SECONDS = 130;
const HALF_TIME_SECONDS = 5 * 60;
/** In game-clock seconds. */
const CHUNK_SECONDS = 6;
/** Timeouts per game minute, both sides together: about 14 a game, television ones included. */
const TIMEOUTS_PER_MINUTE = 14 / 48;
/** Unanswered points that make a run worth re-pricing for. */
const RUN_POINTS = 8;

const ALL_KINDS = ['moneyline', 'total_points', 'handicap', 'home_total', 'away_total', 'first_half_total', 'first_half_handicap', 'second_half_total'];
const MAIN_LINES = ['moneyline', 'total_points', 'handicap'];

/** Game minutes still to play in regulation (overtime is not expected until it happens). */
function minutesLeft(m: BasketballMatch): number {
  if (m.finished) return 0;
  const laterQuarters = m.period < 4 ? (4 - m.period) * QUARTER_SECONDS : 0;
  return (m.secondsLeft + laterQuarters) / 60;
}

function firstHalfMinutesLeft(m: BasketballMatch): number {
  if (m.period > 2 || m.halfTime) return 0;
  return (m.secondsLeft + (m.period === 1 ? QUARTER_SECONDS : 0)) / 60;
}

/** Second-half minutes still to play (all 24 of them before half time; overtime does not count). */
function secondHalfMinutesLeft(m: BasketballMatch): number {
  if (!m.halfTime) return 24;
  if (m.regulation) return 0;
  return minutesLeft(m);
}

/** Points of one scoring play: mostly twos, some threes, some single free throws. */
function playPoints(random: Random): number {
  const r = random();
  return r < 0.62 ? 2 : r < 0.9 ? 3 : 1;
}

const periodName = (period: number) => (period <= 4 ? `Q${period}` : period === 5 ? 'OT' : `OT${period - 4}`);
const signed = (x: number) => (x > 0 ? `+${x}` : `${x}`);

/** One side's scoring plays in `seconds` of game clock, each an incident; a run is reported once. */
function score(m: BasketballMatch, side: Side, seconds: number, random: Random, incidents: Incident[]): void {
  const rate = side === 'home' ? m.rateHome : m.rateAway;
  for (let plays = poisson(random, ((rate / BASKET_MEAN_POINTS) * seconds) / 60); plays > 0; plays -= 1) {
    const points = playPoints(random);
    if (side === 'home') m.home += points;
    else m.away += points;
    incidents.push({ type: 'score', side });
    const before = m.run?.side === side ? m.run.points : 0;
    m.run = { side, points: before + points };
    if (before < RUN_POINTS && m.run.points >= RUN_POINTS) incidents.push({ type: 'run', side });
  }
}

/** Plays `seconds` of game clock: both sides score, timeouts are called, the rates drift. */
function play(m: BasketballMatch, seconds: number, random: Random, incidents: Incident[]): void {
  const sides: Side[] = random() < 0.5 ? ['home', 'away'] : ['away', 'home'];
  for (const side of sides) score(m, side, seconds, random, incidents);
  if (poisson(random, (TIMEOUTS_PER_MINUTE * seconds) / 60) > 0) incidents.push({ type: 'timeout', side: random() < 0.5 ? 'home' : 'away' });
  const driftScale = 0.02 * Math.sqrt(seconds / 60);
  m.rateHome = clamp(m.rateHome * Math.exp(driftScale * gaussian(random)), m.baseRateHome * 0.85, m.baseRateHome * 1.15);
  m.rateAway = clamp(m.rateAway * Math.exp(driftScale * gaussian(random)), m.baseRateAway * 0.85, m.baseRateAway * 1.15);
  m.secondsLeft -= seconds;
}

/** The end of a period: the game ends, goes to overtime, or breaks before the next quarter. */
function endPeriod(m: BasketballMatch, incidents: Incident[]): void {
  m.secondsLeft = 0;
  if (m.period === 2) m.halfTime = [m.home, m.away];
  if (m.period === 4) m.regulation = [m.home, m.away];
  if (m.period >= 4 && m.home !== m.away) {
    m.finished = true;
    incidents.push({ type: 'full_time' });
    return;
  }
  m.breakSeconds = m.period === 2 ? HALF_TIME_SECONDS : BREAK_SECONDS;
  incidents.push({ type: 'period_end' });
}

export const basketball: SportFeed<BasketballMatch> = {
  sport: 'basketball',
  typicalDurationMs: ((48 * 60) / CLOCK_SHARE + 2 * BREAK_SECONDS + HALF_TIME_SECONDS) * 1000,

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
      homeLine: halfPoint(baseRateHome * minutes),
      awayLine: halfPoint(baseRateAway * minutes),
      firstHalfLine: halfPoint(((baseRateHome + baseRateAway) * minutes) / 2),
      firstHalfHandicap: -halfPoint(((baseRateHome - baseRateAway) * minutes) / 2),
      halfTime: null,
      regulation: null,
      run: null,
      finished: false,
    };
  },

  revive: (m) => ({
    ...m,
    homeLine: m.homeLine ?? halfPoint(m.baseRateHome * 48),
    awayLine: m.awayLine ?? halfPoint(m.baseRateAway * 48),
    firstHalfLine: m.firstHalfLine ?? halfPoint((m.baseRateHome + m.baseRateAway) * 24),
    firstHalfHandicap: m.firstHalfHandicap ?? -halfPoint((m.baseRateHome - m.baseRateAway) * 24),
    halfTime: m.halfTime ?? null,
    regulation: m.regulation ?? null,
    run: m.run ?? null,
  }),

  advance(match, elapsedMs, random) {
    const m: BasketballMatch = { ...match };
    const incidents: Incident[] = [];
    let remaining = Math.max(0, elapsedMs) / 1000;
    while (remaining > 1e-9 && !m.finished) {
      if (m.breakSeconds > 0) {
        const dt = Math.min(m.breakSeconds, remaining);
        remaining -= dt;
        m.breakSeconds -= dt;
        if (m.breakSeconds <= 1e-9) {
          Object.assign(m, { breakSeconds: 0, period: m.period + 1, secondsLeft: m.period >= 4 ? OVERTIME_SECONDS : QUARTER_SECONDS });
        }
        continue;
      }
      const played = Math.min(CHUNK_SECONDS, remaining * CLOCK_SHARE, m.secondsLeft);
      remaining -= played / CLOCK_SHARE;
      if (played > 0) play(m, played, random, incidents);
      if (m.secondsLeft <= 1e-9) endPeriod(m, incidents);
    }
    return { match: m, incidents };
  },

  clock(m) {
    if (m.finished) return m.period > 4 ? 'Final (OT)' : 'Final';
    if (m.breakSeconds > 0) return m.period === 2 ? 'HT' : `End ${periodName(m.period)}`;
    const seconds = Math.ceil(m.secondsLeft - 1e-9);
    return `${periodName(m.period)} ${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  },

  score: (m) => ({ home: m.home, away: m.away }),
  finished: (m) => m.finished,

  markets: (m, home, away) => [
    { kind: 'moneyline', name: 'Moneyline', selections: [home, away] },
    { kind: 'total_points', name: `Total points ${m.totalLine}`, selections: [`Over ${m.totalLine}`, `Under ${m.totalLine}`] },
    { kind: 'handicap', name: 'Handicap', selections: [`${home} ${signed(m.handicap)}`, `${away} ${signed(-m.handicap)}`] },
    { kind: 'home_total', name: `${home} total points ${m.homeLine}`, selections: [`Over ${m.homeLine}`, `Under ${m.homeLine}`] },
    { kind: 'away_total', name: `${away} total points ${m.awayLine}`, selections: [`Over ${m.awayLine}`, `Under ${m.awayLine}`] },
    { kind: 'first_half_total', name: `1st half total points ${m.firstHalfLine}`, selections: [`Over ${m.firstHalfLine}`, `Under ${m.firstHalfLine}`] },
    { kind: 'first_half_handicap', name: '1st half handicap', selections: [`${home} ${signed(m.firstHalfHandicap)}`, `${away} ${signed(-m.firstHalfHandicap)}`] },
    // The same line as the first half's; overtime does not count.
    { kind: 'second_half_total', name: `2nd half total points ${m.firstHalfLine}`, selections: [`Over ${m.firstHalfLine}`, `Under ${m.firstHalfLine}`] },
  ],

  probabilities(m) {
    const input = { home: m.home, away: m.away, rateHome: m.rateHome, rateAway: m.rateAway, minutesLeft: minutesLeft(m), totalLine: m.totalLine, handicap: m.handicap };
    const p = basketballProbabilities({ ...input, homeLine: m.homeLine, awayLine: m.awayLine });
    const result: Record<string, number[]> = { moneyline: p.moneyline, total_points: p.totalPoints, handicap: p.handicap, home_total: p.homeTotal, away_total: p.awayTotal };
    if (!m.halfTime) {
      const half = basketballProbabilities({ ...input, minutesLeft: firstHalfMinutesLeft(m), totalLine: m.firstHalfLine, handicap: m.firstHalfHandicap });
      result.first_half_total = half.totalPoints;
      result.first_half_handicap = half.handicap;
    }
    if (!m.regulation) {
      const secondHalf = m.halfTime ? m.home + m.away - m.halfTime[0] - m.halfTime[1] : 0;
      result.second_half_total = basketballTotal(secondHalf, m.rateHome + m.rateAway, secondHalfMinutesLeft(m), m.firstHalfLine);
    }
    return result;
  },

  results(m) {
    const results: Record<string, SelectionResult[]> = {};
    // Points are never taken away, so passing a line decides its total before the end.
    const total = (kind: string, points: number, line: number, done: boolean) => {
      if (done || points > line) results[kind] = winnerAt(points > line ? 0 : 1, 2);
    };
    total('total_points', m.home + m.away, m.totalLine, m.finished);
    total('home_total', m.home, m.homeLine, m.finished);
    total('away_total', m.away, m.awayLine, m.finished);
    const half = m.halfTime ?? [m.home, m.away];
    total('first_half_total', half[0] + half[1], m.firstHalfLine, m.halfTime !== null);
    if (m.halfTime) results.first_half_handicap = winnerAt(m.halfTime[0] - m.halfTime[1] + m.firstHalfHandicap > 0 ? 0 : 1, 2);
    if (m.halfTime) {
      const end = m.regulation ?? [m.home, m.away];
      total('second_half_total', end[0] + end[1] - m.halfTime[0] - m.halfTime[1], m.firstHalfLine, m.regulation !== null);
    }
    if (m.finished) {
      results.moneyline = winnerAt(m.home > m.away ? 0 : 1, 2);
      results.handicap = winnerAt(m.home - m.away + m.handicap > 0 ? 0 : 1, 2);
    }
    return results;
  },

  effect(incident: Incident): IncidentEffect {
    switch (incident.type) {
      // A run shifts who is in control; a timeout is the pause in which books catch up.
      case 'run':
        return { suspend: [], reprice: ['moneyline', 'handicap'] };
      case 'timeout':
        return { suspend: [], reprice: MAIN_LINES };
      // At the buzzer every market stops for a moment and reopens with the new period priced.
      case 'period_end':
        return { suspend: ALL_KINDS, reprice: [] };
      default:
        return NO_EFFECT;
    }
  },

  held: () => [],
};
