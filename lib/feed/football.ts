import { footballProbabilities, poissonTotal } from './odds-model';
import { between, clamp, gaussian, poisson, type Random } from './random';
import { halfPoint, NO_EFFECT, winnerAt, type Incident, type IncidentEffect, type SelectionResult, type Side, type SportFeed } from './sport-feed';

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
  /** Corners and cards (yellow and red) so far, home first. */
  corners: [number, number];
  cards: [number, number];
  /** Lines of the corners and cards totals, fixed at kick-off (x.5). */
  cornerLine: number;
  cardLine: number;
  /** The score at half time, once reached. */
  halfTime: [number, number] | null;
  /** A penalty awarded and not yet taken: the goal markets stay suspended until the kick. */
  penalty: { side: Side; kickAtSeconds: number } | null;
}

/** The scoring rate of an average side, goals per 90 minutes; incident rates below are for it. */
const AVERAGE_RATE = 1.35;
/**
 * Incidents per side per 90 minutes (an average side; a side's attacking incidents scale with its
 * scoring rate) and the share of goals each attacking channel produces. About 10 corners, 4 cards,
 * 0.3 penalties and 2.7 goals a match, as in the big European leagues.
 */
const CORNERS = { per90: 5, goalShare: 0.12 };
const FREE_KICKS = { per90: 3, goalShare: 0.08 };
const PENALTIES = { per90: 0.14, scored: 0.78 };
const DANGEROUS_ATTACKS = { per90: 45, goalShare: 1 - CORNERS.goalShare - FREE_KICKS.goalShare - (PENALTIES.per90 * PENALTIES.scored) / AVERAGE_RATE };
const YELLOW_CARDS_PER_90 = 1.9;
const RED_CARDS_PER_90 = 0.06;
const CARDS_PER_90 = 2 * (YELLOW_CARDS_PER_90 + RED_CARDS_PER_90);
/** A side down to ten scores about a quarter less; the other side a tenth more. */
const RED_CARD_FACTOR = { carded: 0.75, other: 1.1 };

/** Half time is shortened to five minutes: nothing is priced during it. */
const HALF_TIME_SECONDS = 5 * 60;
/** From the award of a penalty to the kick, in match seconds (the referee, a check, the run-up). */
const PENALTY_DELAY_SECONDS: [number, number] = [45, 90];
const CHUNK_SECONDS = 5;
/** Relative drift of the scoring rates per match minute; it moves odds a little between goals. */
const DRIFT_PER_MINUTE = 0.03;

/** The markets a goal changes: suspended around goals, penalties and red cards. */
const GOAL_MARKETS = ['match_result', 'draw_no_bet', 'half_time_result', 'total_goals_2_5', 'total_goals_3_5', 'both_teams_to_score'];

const conversion = (channel: { per90: number; goalShare: number }) => (channel.goalShare * AVERAGE_RATE) / channel.per90;

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

const bump = (pair: [number, number], side: Side): [number, number] => (side === 'home' ? [pair[0] + 1, pair[1]] : [pair[0], pair[1] + 1]);

function scoreGoal(m: FootballMatch, side: Side, incidents: Incident[]): void {
  if (side === 'home') m.home += 1;
  else m.away += 1;
  incidents.push({ type: 'goal', side });
}

/** One chunk of play for one side: its attacks, set pieces and cards, and the goals they bring. */
function playSide(m: FootballMatch, side: Side, dt: number, random: Random, incidents: Incident[]): void {
  const share = dt / (90 * 60);
  const strength = (side === 'home' ? m.rateHome : m.rateAway) / AVERAGE_RATE;
  for (let n = poisson(random, DANGEROUS_ATTACKS.per90 * strength * share); n > 0; n -= 1) {
    incidents.push({ type: 'dangerous_attack', side });
    if (random() < conversion(DANGEROUS_ATTACKS)) scoreGoal(m, side, incidents);
  }
  for (let n = poisson(random, CORNERS.per90 * strength * share); n > 0; n -= 1) {
    m.corners = bump(m.corners, side);
    incidents.push({ type: 'corner', side });
    if (random() < conversion(CORNERS)) scoreGoal(m, side, incidents);
  }
  for (let n = poisson(random, FREE_KICKS.per90 * strength * share); n > 0; n -= 1) {
    incidents.push({ type: 'free_kick', side });
    if (random() < conversion(FREE_KICKS)) scoreGoal(m, side, incidents);
  }
  for (let n = poisson(random, YELLOW_CARDS_PER_90 * share); n > 0; n -= 1) {
    m.cards = bump(m.cards, side);
    incidents.push({ type: 'yellow_card', side });
  }
  if (poisson(random, RED_CARDS_PER_90 * share) > 0) {
    m.cards = bump(m.cards, side);
    const [home, away] = side === 'home' ? [RED_CARD_FACTOR.carded, RED_CARD_FACTOR.other] : [RED_CARD_FACTOR.other, RED_CARD_FACTOR.carded];
    Object.assign(m, { rateHome: m.rateHome * home, baseRateHome: m.baseRateHome * home, rateAway: m.rateAway * away, baseRateAway: m.baseRateAway * away });
    incidents.push({ type: 'red_card', side });
  }
  if (!m.penalty && poisson(random, PENALTIES.per90 * strength * share) > 0) {
    m.penalty = { side, kickAtSeconds: m.clockSeconds + between(random, ...PENALTY_DELAY_SECONDS) };
    incidents.push({ type: 'penalty_awarded', side });
  }
}

/** Plays one chunk of a half: the penalty kick when it is due (play waits for it), else open play. */
function playChunk(m: FootballMatch, dt: number, random: Random, incidents: Incident[]): void {
  m.clockSeconds += dt;
  if (m.penalty) {
    if (m.clockSeconds < m.penalty.kickAtSeconds) return;
    const { side } = m.penalty;
    m.penalty = null;
    if (random() < PENALTIES.scored) scoreGoal(m, side, incidents);
    else incidents.push({ type: 'penalty_missed', side });
    return;
  }
  // Sides in a random order, so neither always acts first within a chunk.
  const sides: Side[] = random() < 0.5 ? ['home', 'away'] : ['away', 'home'];
  for (const side of sides) playSide(m, side, dt, random, incidents);
  m.rateHome = drift(random, m.rateHome, m.baseRateHome, dt / 60);
  m.rateAway = drift(random, m.rateAway, m.baseRateAway, dt / 60);
}

const expectedCorners = (m: Pick<FootballMatch, 'rateHome' | 'rateAway'>, minutes: number) => ((CORNERS.per90 * (m.rateHome + m.rateAway)) / AVERAGE_RATE) * (minutes / 90);

export const football: SportFeed<FootballMatch> = {
  sport: 'football',
  typicalDurationMs: (96 * 60 + HALF_TIME_SECONDS) * 1000,

  create(random) {
    // About 2.7 goals a match on average, once stoppage time and the drift of the rates count.
    const baseRateHome = between(random, 0.9, 2.0);
    const baseRateAway = between(random, 0.6, 1.6);
    const addedFirstMinutes = Math.floor(between(random, 1, 4));
    const addedSecondMinutes = Math.floor(between(random, 2, 6));
    const minutes = 90 + addedFirstMinutes + addedSecondMinutes;
    return {
      sport: 'football',
      period: 'first',
      clockSeconds: 0,
      breakSeconds: 0,
      addedFirstMinutes,
      addedSecondMinutes,
      home: 0,
      away: 0,
      baseRateHome,
      baseRateAway,
      rateHome: baseRateHome,
      rateAway: baseRateAway,
      corners: [0, 0],
      cards: [0, 0],
      // Lines near the middle of the expected count, so both sides of a total have a fair price.
      cornerLine: halfPoint(expectedCorners({ rateHome: baseRateHome, rateAway: baseRateAway }, minutes) - 0.5),
      cardLine: halfPoint((CARDS_PER_90 * minutes) / 90 - 0.5),
      halfTime: null,
      penalty: null,
    };
  },

  revive: (m) => ({ ...m, corners: m.corners ?? [0, 0], cards: m.cards ?? [0, 0], cornerLine: m.cornerLine ?? 9.5, cardLine: m.cardLine ?? 3.5, halfTime: m.halfTime ?? null, penalty: m.penalty ?? null }),

  advance(match, elapsedMs, random) {
    const m: FootballMatch = { ...match, corners: [...match.corners], cards: [...match.cards] };
    const incidents: Incident[] = [];
    let remaining = Math.max(0, elapsedMs) / 1000;
    while (remaining > 0 && m.period !== 'full_time') {
      const dt = Math.min(CHUNK_SECONDS, remaining);
      remaining -= dt;
      if (m.period === 'half_time') {
        m.breakSeconds -= dt;
        if (m.breakSeconds <= 0) {
          Object.assign(m, { period: 'second', clockSeconds: 45 * 60, breakSeconds: 0 });
          incidents.push({ type: 'second_half' });
        }
        continue;
      }
      playChunk(m, dt, random, incidents);
      // A half does not end while a penalty is waiting to be taken.
      if (m.penalty) continue;
      if (m.period === 'first' && m.clockSeconds >= (45 + m.addedFirstMinutes) * 60) {
        Object.assign(m, { period: 'half_time', breakSeconds: HALF_TIME_SECONDS, halfTime: [m.home, m.away] });
        incidents.push({ type: 'half_time' });
      } else if (m.period === 'second' && m.clockSeconds >= (90 + m.addedSecondMinutes) * 60) {
        m.period = 'full_time';
        incidents.push({ type: 'full_time' });
      }
    }
    return { match: m, incidents };
  },

  clock(m) {
    if (m.period === 'half_time') return 'HT';
    if (m.period === 'full_time') return 'FT';
    return m.period === 'first' ? minuteText(m.clockSeconds, 45) : minuteText(m.clockSeconds, 90);
  },

  score: (m) => ({ home: m.home, away: m.away }),
  finished: (m) => m.period === 'full_time',

  markets: (m, home, away) => [
    { kind: 'match_result', name: 'Match result', selections: [home, 'Draw', away] },
    { kind: 'draw_no_bet', name: 'Draw no bet', selections: [home, away] },
    { kind: 'half_time_result', name: 'Half-time result', selections: [home, 'Draw', away] },
    { kind: 'total_goals_2_5', name: 'Total goals 2.5', selections: ['Over 2.5', 'Under 2.5'] },
    { kind: 'total_goals_3_5', name: 'Total goals 3.5', selections: ['Over 3.5', 'Under 3.5'] },
    { kind: 'both_teams_to_score', name: 'Both teams to score', selections: ['Yes', 'No'] },
    { kind: 'total_corners', name: `Total corners ${m.cornerLine}`, selections: [`Over ${m.cornerLine}`, `Under ${m.cornerLine}`] },
    { kind: 'total_cards', name: `Total cards ${m.cardLine}`, selections: [`Over ${m.cardLine}`, `Under ${m.cardLine}`] },
  ],

  probabilities(m) {
    const left = minutesLeft(m);
    const goals = { home: m.home, away: m.away, rateHome: m.rateHome, rateAway: m.rateAway };
    const p = footballProbabilities({ ...goals, minutesLeft: left });
    const [win, , lose] = p.matchResult;
    const result: Record<string, number[]> = {
      match_result: p.matchResult,
      // A draw returns the stakes, so the book is home or away given that someone wins.
      draw_no_bet: win + lose > 0 ? [win, lose] : [0.5, 0.5],
      total_goals_2_5: p.totalGoals,
      total_goals_3_5: p.totalGoals35,
      both_teams_to_score: p.bothTeamsToScore,
      total_corners: poissonTotal(m.corners[0] + m.corners[1], expectedCorners(m, left), m.cornerLine),
      total_cards: poissonTotal(m.cards[0] + m.cards[1], (CARDS_PER_90 * left) / 90, m.cardLine),
    };
    if (m.period === 'first') {
      result.half_time_result = footballProbabilities({ ...goals, minutesLeft: Math.max(0, 45 + m.addedFirstMinutes - m.clockSeconds / 60) }).matchResult;
    }
    return result;
  },

  results(m) {
    const done = m.period === 'full_time';
    const results: Record<string, SelectionResult[]> = {};
    // Some markets are decided before the whistle: three goals make it over, a goal each makes it yes.
    if (done || m.home + m.away > 2.5) results.total_goals_2_5 = winnerAt(m.home + m.away > 2.5 ? 0 : 1, 2);
    if (done || m.home + m.away > 3.5) results.total_goals_3_5 = winnerAt(m.home + m.away > 3.5 ? 0 : 1, 2);
    if (done || (m.home > 0 && m.away > 0)) results.both_teams_to_score = winnerAt(m.home > 0 && m.away > 0 ? 0 : 1, 2);
    const corners = m.corners[0] + m.corners[1];
    if (done || corners > m.cornerLine) results.total_corners = winnerAt(corners > m.cornerLine ? 0 : 1, 2);
    const cards = m.cards[0] + m.cards[1];
    if (done || cards > m.cardLine) results.total_cards = winnerAt(cards > m.cardLine ? 0 : 1, 2);
    if (m.halfTime) results.half_time_result = winnerAt(m.halfTime[0] > m.halfTime[1] ? 0 : m.halfTime[0] === m.halfTime[1] ? 1 : 2, 3);
    if (done) {
      results.match_result = winnerAt(m.home > m.away ? 0 : m.home === m.away ? 1 : 2, 3);
      results.draw_no_bet = m.home === m.away ? ['VOID', 'VOID'] : winnerAt(m.home > m.away ? 0 : 1, 2);
    }
    return results;
  },

  effect(incident: Incident): IncidentEffect {
    switch (incident.type) {
      // A goal, or a penalty missed, reopens the goal markets after a pause with the new score priced.
      case 'goal':
      case 'penalty_missed':
        return { suspend: GOAL_MARKETS, reprice: [] };
      case 'red_card':
        return { suspend: [...GOAL_MARKETS, 'total_cards'], reprice: [] };
      case 'yellow_card':
        return { suspend: [], reprice: ['total_cards'] };
      case 'corner':
        return { suspend: [], reprice: ['total_corners'] };
      // Attacks and free kicks change nothing by themselves: the goals they bring do.
      default:
        return NO_EFFECT;
    }
  },

  held: (m) => (m.penalty ? GOAL_MARKETS : []),
};
