import { expectedMatchGames, tennisProbabilities } from './tennis-model';
import { between, clamp, gaussian, type Random } from './random';
import { halfPoint, NO_EFFECT, winnerAt, type Incident, type IncidentEffect, type SelectionResult, type Side, type SportFeed } from './sport-feed';

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
  /** Match time until the next point is played, in ms. */
  nextPointMs: number;
  finished: boolean;
  /** The line of the match's total games market, fixed before the first point (x.5). */
  totalGamesLine: number;
}

const SETS_TO_WIN = 2;
const MAX_SETS = 3;
/** The line of every set's total games market: over 9.5 means 6-4 or longer. */
const SET_GAMES_LINE = 9.5;
/**
 * From one point to the next, in match ms: the rally and the 25 s serve clock. With the 90 s
 * changeovers and 2-minute set breaks a best-of-three match lasts about 100 minutes.
 */
const POINT_MS: [number, number] = [20_000, 50_000];
const CHANGEOVER_MS = 90_000;
const SET_BREAK_MS = 120_000;
/** Drift of the serve strengths per second of play: small, but it moves the odds between games. */
const DRIFT_PER_SECOND = 0.0006;
const POINT_NAMES = ['0', '15', '30', '40'];

const other = (side: Side): Side => (side === 'home' ? 'away' : 'home');
const setsWon = (m: TennisMatch, side: 0 | 1) => m.sets.filter((s) => s[side] > s[1 - side]).length;
const isTiebreak = (m: TennisMatch) => m.games[0] === 6 && m.games[1] === 6;
const sideOf = (index: number): Side => (index === 0 ? 'home' : 'away');
/** The set in play, counted from 1 (the next one once a set ends). */
const currentSet = (m: TennisMatch) => m.sets.length + 1;

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

/** Plays one point and reports what it did: the point, a break point, the game, a break, the set. */
function playPoint(m: TennisMatch, random: Random, incidents: Incident[]): void {
  const tiebreak = isTiebreak(m);
  const homeChance = tiebreak ? (m.serveHome + 1 - m.serveAway) / 2 : m.server === 'home' ? m.serveHome : 1 - m.serveAway;
  const winner = random() < homeChance ? 0 : 1;
  m.points = winner === 0 ? [m.points[0] + 1, m.points[1]] : [m.points[0], m.points[1] + 1];
  incidents.push({ type: 'point', side: sideOf(winner) });
  const target = tiebreak ? 7 : 4;
  if (!gameOver(m.points[winner], m.points[1 - winner], target)) {
    const receiver = m.server === 'home' ? 1 : 0;
    if (!tiebreak && m.points[receiver] >= 3 && m.points[receiver] > m.points[1 - receiver]) incidents.push({ type: 'break_point', side: sideOf(receiver) });
    return;
  }

  const broken = !tiebreak && sideOf(winner) !== m.server;
  incidents.push({ type: broken ? 'break' : 'game', side: sideOf(winner) });
  m.games = winner === 0 ? [m.games[0] + 1, m.games[1]] : [m.games[0], m.games[1] + 1];
  m.points = [0, 0];
  // Serve alternates every game; after a tiebreak this gives the next set to its first receiver.
  m.server = other(m.server);
  const [g, h] = m.games;
  const setOver = g === 7 || h === 7 || (g >= 6 && g - h >= 2) || (h >= 6 && h - g >= 2);
  if (!setOver) {
    // Players change ends after every odd game of a set.
    if ((g + h) % 2 === 1) m.nextPointMs += CHANGEOVER_MS;
    return;
  }
  m.sets = [...m.sets, m.games];
  m.games = [0, 0];
  m.nextPointMs += SET_BREAK_MS;
  incidents.push({ type: 'set', side: sideOf(winner) });
  m.finished = setsWon(m, 0) >= SETS_TO_WIN || setsWon(m, 1) >= SETS_TO_WIN;
  if (m.finished) incidents.push({ type: 'match', side: sideOf(winner) });
}

const ALL_KINDS = ['match_winner', 'total_games', ...Array.from({ length: MAX_SETS }, (_, i) => [`set_${i + 1}_winner`, `set_${i + 1}_games`]).flat()];

export const tennis: SportFeed<TennisMatch> = {
  sport: 'tennis',
  typicalDurationMs: 100 * 60 * 1000,

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
      totalGamesLine: halfPoint(expectedMatchGames(baseServeHome, baseServeAway) - 0.5),
    };
  },

  revive: (m) => ({ ...m, totalGamesLine: m.totalGamesLine ?? 22.5 }),

  advance(match, elapsedMs, random) {
    const m: TennisMatch = { ...match, sets: [...match.sets], games: [...match.games], points: [...match.points] };
    const incidents: Incident[] = [];
    let remaining = Math.max(0, elapsedMs);
    if (!m.finished && remaining > 0) drift(m, random, remaining);
    while (!m.finished && remaining >= m.nextPointMs) {
      remaining -= m.nextPointMs;
      m.nextPointMs = between(random, ...POINT_MS);
      playPoint(m, random, incidents);
    }
    if (!m.finished) m.nextPointMs -= remaining;
    return { match: m, incidents };
  },

  clock(m) {
    if (m.finished) return `Final · ${m.sets.map((s) => s.join('-')).join(' ')}`;
    return `Set ${m.sets.length + 1} · ${m.games.join('-')} · ${pointText(m)}`;
  },

  score: (m) => ({ home: setsWon(m, 0), away: setsWon(m, 1) }),
  finished: (m) => m.finished,

  markets: (m, home, away) => [
    { kind: 'match_winner', name: 'Match winner', selections: [home, away] },
    ...Array.from({ length: MAX_SETS }, (_, i) => ({ kind: `set_${i + 1}_winner`, name: `Set ${i + 1} winner`, selections: [home, away] })),
    { kind: 'total_games', name: `Total games ${m.totalGamesLine}`, selections: [`Over ${m.totalGamesLine}`, `Under ${m.totalGamesLine}`] },
    ...Array.from({ length: MAX_SETS }, (_, i) => ({
      kind: `set_${i + 1}_games`,
      name: `Set ${i + 1} total games ${SET_GAMES_LINE}`,
      selections: [`Over ${SET_GAMES_LINE}`, `Under ${SET_GAMES_LINE}`],
    })),
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
      gamesPlayed: m.sets.reduce((n, s) => n + s[0] + s[1], 0),
      totalGamesLine: m.totalGamesLine,
      setGamesLine: SET_GAMES_LINE,
    });
    const result: Record<string, number[]> = { match_winner: p.match, total_games: p.totalGames };
    for (let set = 1; set <= MAX_SETS; set += 1) {
      // Finished sets are decided (see results); the set in play and later ones have a price.
      if (set === currentSet(m)) {
        result[`set_${set}_winner`] = p.currentSet;
        result[`set_${set}_games`] = p.currentSetGames;
      } else if (set > currentSet(m)) {
        result[`set_${set}_winner`] = p.freshSet;
        result[`set_${set}_games`] = p.freshSetGames;
      }
    }
    return result;
  },

  results(m) {
    const results: Record<string, SelectionResult[]> = {};
    for (let set = 1; set <= MAX_SETS; set += 1) {
      const games = m.sets[set - 1];
      // A set never played (a straight-sets win) is void.
      if (games) {
        results[`set_${set}_winner`] = winnerAt(games[0] > games[1] ? 0 : 1, 2);
        results[`set_${set}_games`] = winnerAt(games[0] + games[1] > SET_GAMES_LINE ? 0 : 1, 2);
      } else if (m.finished) {
        results[`set_${set}_winner`] = ['VOID', 'VOID'];
        results[`set_${set}_games`] = ['VOID', 'VOID'];
      } else if (set === currentSet(m) && m.games[0] + m.games[1] > SET_GAMES_LINE) {
        results[`set_${set}_games`] = winnerAt(0, 2);
      }
    }
    const played = m.sets.reduce((n, s) => n + s[0] + s[1], 0) + m.games[0] + m.games[1];
    if (m.finished || played > m.totalGamesLine) results.total_games = winnerAt(played > m.totalGamesLine ? 0 : 1, 2);
    if (m.finished) results.match_winner = winnerAt(setsWon(m, 0) > setsWon(m, 1) ? 0 : 1, 2);
    return results;
  },

  effect(incident: Incident, m: TennisMatch): IncidentEffect {
    const set = currentSet(m);
    switch (incident.type) {
      // A hold is what the prices expect; only the set in play moves at once.
      case 'game':
        return { suspend: [], reprice: [`set_${set}_winner`, `set_${set}_games`] };
      case 'break':
        return { suspend: ['match_winner', `set_${set}_winner`], reprice: [`set_${set}_games`] };
      case 'set':
        return { suspend: ALL_KINDS, reprice: [] };
      default:
        return NO_EFFECT;
    }
  },

  held: () => [],
};
