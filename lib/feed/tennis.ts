import { tennisProbabilities, type Side } from './tennis-model';
import { between, clamp, gaussian, type Random } from './random';
import { winnerAt, type SelectionResult, type SportFeed } from './sport-feed';

/** A best-of-three tennis match as the simulator keeps it; plain JSON. */
export interface TennisMatch {
  sport: 'tennis';
  /** Chance each player wins a point on serve before the match: their strength. */
  baseServeHome: number;
  baseServeAway: number;
  /** Current serve strengths, drifting a little around the base (form, fatigue). */
  serveHome: number;
  serveAway: number;
  /** Games of each finished set, home first. */
  sets: Array<[number, number]>;
  games: [number, number];
  /** Points in the current game, or in the tiebreak at 6-6. */
  points: [number, number];
  server: Side;
  /** Real time (at speed 1) until the next point is played. */
  nextPointMs: number;
  finished: boolean;
}

const SETS_TO_WIN = 2;
const MAX_SETS = 3;
/** About 3 s a point and a pause at each change of game: a match takes 7 to 10 minutes. */
const POINT_MS: [number, number] = [2000, 4000];
const GAME_PAUSE_MS = 1000;
const SET_PAUSE_MS = 4000;
/** Drift of the serve strengths per second of play: small, but it moves the odds between points. */
const DRIFT_PER_SECOND = 0.002;
const POINT_NAMES = ['0', '15', '30', '40'];

const other = (side: Side): Side => (side === 'home' ? 'away' : 'home');
const setsWon = (m: TennisMatch, side: 0 | 1) => m.sets.filter((s) => s[side] > s[1 - side]).length;
const isTiebreak = (m: TennisMatch) => m.games[0] === 6 && m.games[1] === 6;

function gameOver(a: number, b: number, target: number): boolean {
  return a >= target && a - b >= 2;
}

/** Form and fatigue: serve strengths wander a little around the players' base. */
function drift(m: TennisMatch, random: Random, elapsedMs: number): void {
  const scale = DRIFT_PER_SECOND * Math.sqrt(elapsedMs / 1000);
  m.serveHome = clamp(m.serveHome + scale * gaussian(random), m.baseServeHome - 0.04, m.baseServeHome + 0.04);
  m.serveAway = clamp(m.serveAway + scale * gaussian(random), m.baseServeAway - 0.04, m.baseServeAway + 0.04);
}

function pointText(m: TennisMatch): string {
  const [a, b] = m.points;
  if (isTiebreak(m)) return `TB ${a}-${b}`;
  if (a >= 3 && b >= 3) return a === b ? '40-40' : a > b ? 'A-40' : '40-A';
  return `${POINT_NAMES[a]}-${POINT_NAMES[b]}`;
}

/** Plays one point, returning whether it ended a game by a break of serve or ended a set. */
function playPoint(m: TennisMatch, random: Random): boolean {
  const tiebreak = isTiebreak(m);
  const homeChance = tiebreak ? (m.serveHome + 1 - m.serveAway) / 2 : m.server === 'home' ? m.serveHome : 1 - m.serveAway;
  const winner = random() < homeChance ? 0 : 1;
  m.points = winner === 0 ? [m.points[0] + 1, m.points[1]] : [m.points[0], m.points[1] + 1];
  const target = tiebreak ? 7 : 4;
  if (!gameOver(m.points[winner], m.points[1 - winner], target)) return false;

  const broken = !tiebreak && (winner === 0 ? 'home' : 'away') !== m.server;
  m.games = winner === 0 ? [m.games[0] + 1, m.games[1]] : [m.games[0], m.games[1] + 1];
  m.points = [0, 0];
  // Serve alternates every game; after a tiebreak this gives the next set to its first receiver.
  m.server = other(m.server);
  m.nextPointMs += GAME_PAUSE_MS;
  const [g, h] = m.games;
  const setOver = g === 7 || h === 7 || (g >= 6 && g - h >= 2) || (h >= 6 && h - g >= 2);
  if (!setOver) return broken;
  m.sets = [...m.sets, m.games];
  m.games = [0, 0];
  m.nextPointMs += SET_PAUSE_MS;
  m.finished = setsWon(m, 0) >= SETS_TO_WIN || setsWon(m, 1) >= SETS_TO_WIN;
  return true;
}

export const tennis: SportFeed<TennisMatch> = {
  sport: 'tennis',
  typicalDurationMs: 8 * 60 * 1000,

  create(random) {
    const baseServeHome = between(random, 0.58, 0.7);
    const baseServeAway = between(random, 0.58, 0.7);
    return {
      sport: 'tennis',
      baseServeHome,
      baseServeAway,
      serveHome: baseServeHome,
      serveAway: baseServeAway,
      sets: [],
      games: [0, 0],
      points: [0, 0],
      server: random() < 0.5 ? 'home' : 'away',
      nextPointMs: between(random, ...POINT_MS),
      finished: false,
    };
  },

  advance(match, elapsedMs, random) {
    const m: TennisMatch = { ...match, sets: [...match.sets], games: [...match.games], points: [...match.points] };
    let betStop = false;
    let remaining = Math.max(0, elapsedMs);
    if (!m.finished && remaining > 0) drift(m, random, remaining);
    while (!m.finished && remaining >= m.nextPointMs) {
      remaining -= m.nextPointMs;
      m.nextPointMs = between(random, ...POINT_MS);
      if (playPoint(m, random)) betStop = true;
    }
    if (!m.finished) m.nextPointMs -= remaining;
    return { match: m, betStop };
  },

  clock(m) {
    if (m.finished) return `Final · ${m.sets.map((s) => s.join('-')).join(' ')}`;
    return `Set ${m.sets.length + 1} · ${m.games.join('-')} · ${pointText(m)}`;
  },

  score: (m) => ({ home: setsWon(m, 0), away: setsWon(m, 1) }),
  finished: (m) => m.finished,

  markets: (_m, home, away) => [
    { kind: 'match_winner', name: 'Match winner', selections: [home, away] },
    ...Array.from({ length: MAX_SETS }, (_, i) => ({ kind: `set_${i + 1}_winner`, name: `Set ${i + 1} winner`, selections: [home, away] })),
  ],

  probabilities(m) {
    const p = tennisProbabilities({
      serveHome: m.serveHome,
      serveAway: m.serveAway,
      setsHome: setsWon(m, 0),
      setsAway: setsWon(m, 1),
      gamesHome: m.games[0],
      gamesAway: m.games[1],
      pointsHome: m.points[0],
      pointsAway: m.points[1],
      server: m.server,
    });
    const result: Record<string, number[]> = { match_winner: p.match };
    for (let set = 1; set <= MAX_SETS; set += 1) {
      // Finished sets are decided (see results); the set in play and later ones have a price.
      if (set === m.sets.length + 1) result[`set_${set}_winner`] = p.currentSet;
      else if (set > m.sets.length) result[`set_${set}_winner`] = p.freshSet;
    }
    return result;
  },

  results(m) {
    const results: Record<string, SelectionResult[]> = {};
    for (let set = 1; set <= MAX_SETS; set += 1) {
      const games = m.sets[set - 1];
      // A set never played (a straight-sets win) is void.
      if (games) results[`set_${set}_winner`] = winnerAt(games[0] > games[1] ? 0 : 1, 2);
      else if (m.finished) results[`set_${set}_winner`] = ['VOID', 'VOID'];
    }
    if (m.finished) results.match_winner = winnerAt(setsWon(m, 0) > setsWon(m, 1) ? 0 : 1, 2);
    return results;
  },
};
