/**
 * Tennis pricing for best-of-three matches: each player wins a point on serve with a fixed
 * probability, which gives their chance to hold; dynamic programming over points, games and sets
 * then gives set and match probabilities, and the number of games, from any score. 6-6 is decided
 * by a tiebreak, priced as one deciding game (a race to 7 points on the players' average point
 * strength).
 */
import type { Side } from './sport-feed';

export type { Side };

export interface TennisInput {
  /** Probability each player wins a point on their own serve. */
  serveHome: number;
  serveAway: number;
  setsHome: number;
  setsAway: number;
  gamesHome: number;
  gamesAway: number;
  /** Points in the current game, or in the tiebreak at 6-6. */
  pointsHome: number;
  pointsAway: number;
  server: Side;
  /** Games of the sets already finished; only needed for the total games. */
  gamesPlayed?: number;
  /** Lines of the total games markets (x.5); over and under are priced for these. */
  totalGamesLine?: number;
  setGamesLine?: number;
}

export interface TennisProbabilities {
  /** Home wins the match, away wins. */
  match: [number, number];
  /** Home wins the set in play, away wins. */
  currentSet: [number, number];
  /** Home wins a set not yet started, away wins (averaged over who serves first). */
  freshSet: [number, number];
  /** Over and under `totalGamesLine` games in the match. */
  totalGames: [number, number];
  /** Over and under `setGamesLine` games in the set in play, and in a set not yet started. */
  currentSetGames: [number, number];
  freshSetGames: [number, number];
  /** Games the match is expected to last in all, those played included. */
  expectedGames: number;
}

const SETS_TO_WIN = 2;
/** At most 13 games in a set (7-6), so at most 39 in three sets. */
const SET_GAMES = 14;
const MATCH_GAMES = 3 * 13 + 1;

/** Chance the first player wins a race to `target` points, by two clear, from a-b. */
export function raceProbability(a: number, b: number, target: number, p: number): number {
  if (a >= target && a - b >= 2) return 1;
  if (b >= target && b - a >= 2) return 0;
  // From level at target-1 or beyond, it is a deuce: win two in a row before losing two.
  if (a >= target - 1 && b >= target - 1 && a === b) return (p * p) / (p * p + (1 - p) * (1 - p));
  return p * raceProbability(a + 1, b, target, p) + (1 - p) * raceProbability(a, b + 1, target, p);
}

/**
 * A set's outcome as a distribution over (winner, who serves next, games in the set): index
 * `(winner * 2 + nextServer) * 14 + games`, with home 0 and away 1.
 */
type SetDistribution = Float64Array;

const at = (winner: number, next: number, games: number) => (winner * 2 + next) * SET_GAMES + games;
const other = (side: Side): Side => (side === 'home' ? 'away' : 'home');
const setWon = (a: number, b: number) => a === 7 || (a >= 6 && a - b >= 2);

function makeSetModel(serveHome: number, serveAway: number) {
  const tiebreakHome = (serveHome + 1 - serveAway) / 2;
  const memo = new Map<string, SetDistribution>();

  /** Home's chance to win the game about to be played (or in play, from the given points). */
  const gameHome = (gamesHome: number, gamesAway: number, server: Side, ph = 0, pa = 0) => {
    if (gamesHome === 6 && gamesAway === 6) return raceProbability(ph, pa, 7, tiebreakHome);
    return server === 'home' ? raceProbability(ph, pa, 4, serveHome) : 1 - raceProbability(pa, ph, 4, serveAway);
  };

  const after = (gamesHome: number, gamesAway: number, nextServer: Side): SetDistribution => {
    const next = nextServer === 'home' ? 0 : 1;
    const games = gamesHome + gamesAway;
    if (setWon(gamesHome, gamesAway) || setWon(gamesAway, gamesHome)) {
      const decided = new Float64Array(4 * SET_GAMES);
      decided[at(setWon(gamesHome, gamesAway) ? 0 : 1, next, games)] = 1;
      return decided;
    }
    return fromGame(gamesHome, gamesAway, nextServer);
  };

  /** The set's outcome from a game score, with the current game at the given points. */
  const fromGame = (gamesHome: number, gamesAway: number, server: Side, ph = 0, pa = 0): SetDistribution => {
    const fresh = ph === 0 && pa === 0;
    const key = `${gamesHome}-${gamesAway}-${server}`;
    const cached = fresh ? memo.get(key) : undefined;
    if (cached) return cached;
    const p = gameHome(gamesHome, gamesAway, server, ph, pa);
    const win = after(gamesHome + 1, gamesAway, other(server));
    const lose = after(gamesHome, gamesAway + 1, other(server));
    const outcome = win.map((w, i) => p * w + (1 - p) * lose[i]);
    if (fresh) memo.set(key, outcome);
    return outcome;
  };

  return { fromGame };
}

/** A two-way market from the first outcome's chance, clamped so float slop never goes below 0. */
function twoWay(p: number): [number, number] {
  const q = Math.min(1, Math.max(0, p));
  return [q, 1 - q];
}

/** Home's chance to win a set with this distribution. */
function homeWins(set: SetDistribution): number {
  let p = 0;
  for (let i = 0; i < 2 * SET_GAMES; i += 1) p += set[i];
  return p;
}

/** Over and under `line` games in a set with this distribution. */
function setGamesOver(set: SetDistribution, line: number): [number, number] {
  let over = 0;
  for (let i = 0; i < set.length; i += 1) if (i % SET_GAMES > line) over += set[i];
  return twoWay(over);
}

/** Set and match probabilities for a best-of-three match from the given score. */
export function tennisProbabilities(input: TennisInput): TennisProbabilities {
  const sets = makeSetModel(input.serveHome, input.serveAway);
  const matchMemo = new Map<string, number>();
  const gamesMemo = new Map<string, Float64Array>();

  /** Home's chance to win the match from a set score, a fresh set about to start. */
  const matchAt = (setsHome: number, setsAway: number, server: Side): number => {
    if (setsHome >= SETS_TO_WIN) return 1;
    if (setsAway >= SETS_TO_WIN) return 0;
    const key = `${setsHome}-${setsAway}-${server}`;
    const cached = matchMemo.get(key);
    if (cached !== undefined) return cached;
    const p = matchFrom(setsHome, setsAway, sets.fromGame(0, 0, server));
    matchMemo.set(key, p);
    return p;
  };
  const matchFrom = (setsHome: number, setsAway: number, set: SetDistribution): number => {
    let p = 0;
    for (let i = 0; i < set.length; i += 1) {
      if (set[i] === 0) continue;
      const winner = Math.floor(i / (2 * SET_GAMES));
      const next: Side = Math.floor(i / SET_GAMES) % 2 === 0 ? 'home' : 'away';
      p += set[i] * (winner === 0 ? matchAt(setsHome + 1, setsAway, next) : matchAt(setsHome, setsAway + 1, next));
    }
    return p;
  };

  /** Distribution of the games still to be played from a set score, a fresh set about to start. */
  const gamesAt = (setsHome: number, setsAway: number, server: Side): Float64Array => {
    const none = new Float64Array(MATCH_GAMES);
    if (setsHome >= SETS_TO_WIN || setsAway >= SETS_TO_WIN) {
      none[0] = 1;
      return none;
    }
    const key = `${setsHome}-${setsAway}-${server}`;
    const cached = gamesMemo.get(key);
    if (cached) return cached;
    const result = gamesFrom(setsHome, setsAway, sets.fromGame(0, 0, server), 0);
    gamesMemo.set(key, result);
    return result;
  };
  /** Distribution of the match's remaining games: the set's own (less `already`) and the later sets'. */
  const gamesFrom = (setsHome: number, setsAway: number, set: SetDistribution, already: number): Float64Array => {
    const result = new Float64Array(MATCH_GAMES);
    for (let i = 0; i < set.length; i += 1) {
      if (set[i] === 0) continue;
      const winner = Math.floor(i / (2 * SET_GAMES));
      const next: Side = Math.floor(i / SET_GAMES) % 2 === 0 ? 'home' : 'away';
      const games = (i % SET_GAMES) - already;
      const later = winner === 0 ? gamesAt(setsHome + 1, setsAway, next) : gamesAt(setsHome, setsAway + 1, next);
      for (let g = 0; g + games < MATCH_GAMES; g += 1) if (later[g] > 0) result[g + games] += set[i] * later[g];
    }
    return result;
  };

  const freshHome = sets.fromGame(0, 0, 'home');
  const freshAway = sets.fromGame(0, 0, 'away');
  const fresh = (homeWins(freshHome) + homeWins(freshAway)) / 2;
  const setLine = input.setGamesLine ?? 9.5;
  const [freshOverHome] = setGamesOver(freshHome, setLine);
  const [freshOverAway] = setGamesOver(freshAway, setLine);
  const freshSetGames = twoWay((freshOverHome + freshOverAway) / 2);
  const totalLine = input.totalGamesLine ?? 0;
  const played = (input.gamesPlayed ?? 0) + input.gamesHome + input.gamesAway;

  if (input.setsHome >= SETS_TO_WIN || input.setsAway >= SETS_TO_WIN) {
    const home = input.setsHome >= SETS_TO_WIN ? 1 : 0;
    const over = played > totalLine ? 1 : 0;
    return { match: twoWay(home), currentSet: twoWay(fresh), freshSet: twoWay(fresh), totalGames: twoWay(over), currentSetGames: freshSetGames, freshSetGames, expectedGames: played };
  }
  const current = sets.fromGame(input.gamesHome, input.gamesAway, input.server, input.pointsHome, input.pointsAway);
  const setHome = homeWins(current);
  const match = matchFrom(input.setsHome, input.setsAway, current);
  const remaining = gamesFrom(input.setsHome, input.setsAway, current, input.gamesHome + input.gamesAway);
  let over = 0;
  let expectedGames = played;
  for (let g = 0; g < MATCH_GAMES; g += 1) {
    if (played + g > totalLine) over += remaining[g];
    expectedGames += g * remaining[g];
  }
  return {
    match: twoWay(match),
    currentSet: twoWay(setHome),
    freshSet: twoWay(fresh),
    totalGames: twoWay(over),
    currentSetGames: setGamesOver(current, setLine),
    freshSetGames,
    expectedGames,
  };
}

/** Games a best-of-three match between these players lasts on average, from the first point. */
export function expectedMatchGames(serveHome: number, serveAway: number): number {
  return tennisProbabilities({ serveHome, serveAway, setsHome: 0, setsAway: 0, gamesHome: 0, gamesAway: 0, pointsHome: 0, pointsAway: 0, server: 'home' }).expectedGames;
}
