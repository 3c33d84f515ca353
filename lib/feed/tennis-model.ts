/**
 * Tennis pricing for best-of-three matches: each player wins a point on serve with a fixed
 * probability, which gives their chance to hold; dynamic programming over points, games and sets
 * then gives set and match probabilities from any score. 6-6 is decided by a tiebreak, priced as
 * one deciding game (a race to 7 points on the players' average point strength).
 */

export type Side = 'home' | 'away';

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
}

export interface TennisProbabilities {
  /** Home wins the match, away wins. */
  match: [number, number];
  /** Home wins the set in play, away wins. */
  currentSet: [number, number];
  /** Home wins a set not yet started, away wins (averaged over who serves first). */
  freshSet: [number, number];
}

const SETS_TO_WIN = 2;

/** Chance the first player wins a race to `target` points, by two clear, from a-b. */
export function raceProbability(a: number, b: number, target: number, p: number): number {
  if (a >= target && a - b >= 2) return 1;
  if (b >= target && b - a >= 2) return 0;
  // From level at target-1 or beyond, it is a deuce: win two in a row before losing two.
  if (a >= target - 1 && b >= target - 1 && a === b) return (p * p) / (p * p + (1 - p) * (1 - p));
  return p * raceProbability(a + 1, b, target, p) + (1 - p) * raceProbability(a, b + 1, target, p);
}

/** A set's outcome as [home wins & home serves next, home wins & away next, away & home, away & away]. */
type SetOutcome = [number, number, number, number];

const other = (side: Side): Side => (side === 'home' ? 'away' : 'home');
const setWon = (a: number, b: number) => a === 7 || (a >= 6 && a - b >= 2);

function makeSetModel(serveHome: number, serveAway: number) {
  const tiebreakHome = (serveHome + 1 - serveAway) / 2;
  const memo = new Map<string, SetOutcome>();

  /** Home's chance to win the game about to be played (or in play, from the given points). */
  const gameHome = (gamesHome: number, gamesAway: number, server: Side, ph = 0, pa = 0) => {
    if (gamesHome === 6 && gamesAway === 6) return raceProbability(ph, pa, 7, tiebreakHome);
    return server === 'home' ? raceProbability(ph, pa, 4, serveHome) : 1 - raceProbability(pa, ph, 4, serveAway);
  };

  const after = (gamesHome: number, gamesAway: number, nextServer: Side): SetOutcome => {
    const next = nextServer === 'home' ? 0 : 1;
    if (setWon(gamesHome, gamesAway)) return next === 0 ? [1, 0, 0, 0] : [0, 1, 0, 0];
    if (setWon(gamesAway, gamesHome)) return next === 0 ? [0, 0, 1, 0] : [0, 0, 0, 1];
    return fromGame(gamesHome, gamesAway, nextServer);
  };

  /** The set's outcome from a game score, with the current game at the given points. */
  const fromGame = (gamesHome: number, gamesAway: number, server: Side, ph = 0, pa = 0): SetOutcome => {
    const fresh = ph === 0 && pa === 0;
    const key = `${gamesHome}-${gamesAway}-${server}`;
    const cached = fresh ? memo.get(key) : undefined;
    if (cached) return cached;
    const p = gameHome(gamesHome, gamesAway, server, ph, pa);
    const win = after(gamesHome + 1, gamesAway, other(server));
    const lose = after(gamesHome, gamesAway + 1, other(server));
    const outcome = win.map((w, i) => p * w + (1 - p) * lose[i]) as SetOutcome;
    if (fresh) memo.set(key, outcome);
    return outcome;
  };

  return { fromGame };
}

/** Set and match probabilities for a best-of-three match from the given score. */
export function tennisProbabilities(input: TennisInput): TennisProbabilities {
  const sets = makeSetModel(input.serveHome, input.serveAway);

  const matchFrom = (setsHome: number, setsAway: number, outcome: SetOutcome): number => {
    const [homeHome, homeAway, awayHome, awayAway] = outcome;
    return (
      homeHome * matchAt(setsHome + 1, setsAway, 'home') +
      homeAway * matchAt(setsHome + 1, setsAway, 'away') +
      awayHome * matchAt(setsHome, setsAway + 1, 'home') +
      awayAway * matchAt(setsHome, setsAway + 1, 'away')
    );
  };
  const matchAt = (setsHome: number, setsAway: number, server: Side): number => {
    if (setsHome >= SETS_TO_WIN) return 1;
    if (setsAway >= SETS_TO_WIN) return 0;
    return matchFrom(setsHome, setsAway, sets.fromGame(0, 0, server));
  };

  const setHomeFrom = (outcome: SetOutcome) => outcome[0] + outcome[1];
  const fresh = (setHomeFrom(sets.fromGame(0, 0, 'home')) + setHomeFrom(sets.fromGame(0, 0, 'away'))) / 2;
  if (input.setsHome >= SETS_TO_WIN || input.setsAway >= SETS_TO_WIN) {
    const home = input.setsHome >= SETS_TO_WIN ? 1 : 0;
    return { match: [home, 1 - home], currentSet: [fresh, 1 - fresh], freshSet: [fresh, 1 - fresh] };
  }
  const current = sets.fromGame(input.gamesHome, input.gamesAway, input.server, input.pointsHome, input.pointsAway);
  const setHome = setHomeFrom(current);
  const match = matchFrom(input.setsHome, input.setsAway, current);
  return { match: [match, 1 - match], currentSet: [setHome, 1 - setHome], freshSet: [fresh, 1 - fresh] };
}
