/**
 * The simulator's pricing: fair probabilities from a simple model of score and time left, then
 * odds with a bookmaker margin. Pure and deterministic; probabilities are floats, but odds leave
 * this module as integer hundredths only.
 */
import { MAX_ODDS, MIN_ODDS } from '../money';

export { tennisProbabilities, type TennisInput, type TennisProbabilities } from './tennis-model';

/** 5% overround: the implied probabilities of a market's odds add up to about 1.05. */
export const DEFAULT_MARGIN_BPS = 500;

/**
 * Turns outcome probabilities into odds in hundredths with `marginBps` of overround, rounded to
 * the hundredth (so that small moves still show) and clamped to [1.01, 1000.00]. The margin is
 * spread in proportion to p(1 - p), as books do, so a near-certain favourite is not pushed
 * to 1.01 while it can still lose.
 */
export function priceWithMargin(probabilities: readonly number[], marginBps: number = DEFAULT_MARGIN_BPS): number[] {
  if (probabilities.some((p) => !Number.isFinite(p) || p < 0)) throw new RangeError('probabilities must be finite and non-negative');
  const total = probabilities.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new RangeError('probabilities must not all be zero');
  // Normalising first keeps the model's rounding slop out of the margin.
  const fair = probabilities.map((p) => p / total);
  const margin = marginBps / 10_000;
  const weights = fair.map((p) => p * (1 - p));
  const weightTotal = weights.reduce((a, b) => a + b, 0);
  return fair.map((p, i) => {
    if (p === 0) return MAX_ODDS;
    const implied = weightTotal > 0 ? p + (margin * weights[i]) / weightTotal : p * (1 + margin);
    return Math.min(MAX_ODDS, Math.max(MIN_ODDS, Math.round(100 / implied)));
  });
}

/** Poisson probabilities of 0..n goals, with n large enough that the tail is negligible. */
function poissonPmf(mean: number): number[] {
  const n = Math.ceil(mean + 10 * Math.sqrt(mean) + 10);
  const pmf = [Math.exp(-mean)];
  for (let k = 1; k <= n; k += 1) pmf.push((pmf[k - 1] * mean) / k);
  const total = pmf.reduce((a, b) => a + b, 0);
  return pmf.map((p) => p / total);
}

export interface FootballInput {
  home: number;
  away: number;
  /** Goals each team is expected to score over 90 minutes. */
  rateHome: number;
  rateAway: number;
  /** Match minutes still to play, stoppage time included. */
  minutesLeft: number;
}

export interface FootballProbabilities {
  /** Home, draw, away. */
  matchResult: [number, number, number];
  /** Over 2.5 goals, under 2.5 goals. */
  totalGoals: [number, number];
  /** Over 3.5 goals, under 3.5 goals. */
  totalGoals35: [number, number];
  /** Both teams to score: yes, no. */
  bothTeamsToScore: [number, number];
}

/**
 * A total of counted incidents (corners, cards) with `current` so far and a Poisson number still to
 * come of mean `mean`: the chances of finishing over and under `line` (an x.5 line).
 */
export function poissonTotal(current: number, mean: number, line: number): [number, number] {
  const need = Math.ceil(line - current);
  if (need <= 0) return [1, 0];
  const pmf = poissonPmf(Math.max(0, mean));
  let under = 0;
  for (let k = 0; k < Math.min(need, pmf.length); k += 1) under += pmf[k];
  under = Math.min(1, under);
  return [1 - under, under];
}

/** Football: independent Poisson goals for the time left, added to the current score. */
export function footballProbabilities(input: FootballInput): FootballProbabilities {
  const share = Math.max(0, input.minutesLeft) / 90;
  const home = poissonPmf(input.rateHome * share);
  const away = poissonPmf(input.rateAway * share);
  let win = 0;
  let draw = 0;
  let lose = 0;
  let under = 0;
  let under35 = 0;
  for (const [i, ph] of home.entries()) {
    for (const [j, pa] of away.entries()) {
      const p = ph * pa;
      const h = input.home + i;
      const a = input.away + j;
      if (h > a) win += p;
      else if (h === a) draw += p;
      else lose += p;
      if (h + a < 2.5) under += p;
      if (h + a < 3.5) under35 += p;
    }
  }
  const yes = (input.home > 0 ? 1 : 1 - home[0]) * (input.away > 0 ? 1 : 1 - away[0]);
  // Under is summed (not over), so it is exactly 0 once the line is passed.
  const overUnder = (u: number): [number, number] => [Math.max(0, 1 - u), Math.min(1, u)];
  return { matchResult: [win, draw, lose], totalGoals: overUnder(under), totalGoals35: overUnder(under35), bothTeamsToScore: [yes, 1 - yes] };
}

/** The standard normal CDF (Abramowitz-Stegun 7.1.26, error below 1e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Points per scoring play, on average and squared: the variance of the points a team adds. */
export const BASKET_MEAN_POINTS = 2.18;
export const BASKET_MEAN_SQUARED_POINTS = 5.1;

export interface BasketballInput {
  home: number;
  away: number;
  /** Points each team scores per minute on average. */
  rateHome: number;
  rateAway: number;
  minutesLeft: number;
  /** The total points line, fixed when the event was created (x.5). */
  totalLine: number;
  /** The home handicap, fixed at creation (x.5): home covers when margin + handicap > 0. */
  handicap: number;
  /** Each team's own points line, fixed at creation (x.5); omitted, the team totals are not priced. */
  homeLine?: number;
  awayLine?: number;
}

export interface BasketballProbabilities {
  /** Home, away (no draw: ties go to overtime). */
  moneyline: [number, number];
  /** Over, under the total line. */
  totalPoints: [number, number];
  /** Home covers the handicap, away covers. */
  handicap: [number, number];
  /** Over, under each team's own line (even when the lines were not given). */
  homeTotal: [number, number];
  awayTotal: [number, number];
}

/** Chance a normal variable of this mean and spread ends above `line`; a point mass when sd is 0. */
function above(mean: number, line: number, sd: number): number {
  return sd > 1e-9 ? normalCdf((mean - line) / sd) : mean > line ? 1 : mean < line ? 0 : 0.5;
}

/** The spread of the points one team adds in `minutes` (compound Poisson scoring plays). */
function pointsSd(ratePerMinute: number, minutes: number): number {
  return Math.sqrt((ratePerMinute * BASKET_MEAN_SQUARED_POINTS * Math.max(0, minutes)) / BASKET_MEAN_POINTS);
}

/** Over and under a points line for `current` points plus what one or two teams add at `rate` per minute. */
export function basketballTotal(current: number, ratePerMinute: number, minutesLeft: number, line: number): [number, number] {
  const t = Math.max(0, minutesLeft);
  const over = above(current + ratePerMinute * t, line, pointsSd(ratePerMinute, t));
  return [over, 1 - over];
}

/**
 * Basketball: the final margin and total are about normal, with means from the lead and scoring
 * rates and a variance growing with the time left (compound Poisson scoring).
 */
export function basketballProbabilities(input: BasketballInput): BasketballProbabilities {
  const t = Math.max(0, input.minutesLeft);
  const sd = pointsSd(input.rateHome + input.rateAway, t);
  const margin = input.home - input.away + (input.rateHome - input.rateAway) * t;
  // With no time left the outcome is known; a tie means overtime, an even contest.
  const home = above(margin, 0, sd);
  const covers = above(margin, -input.handicap, sd);
  return {
    moneyline: [home, 1 - home],
    totalPoints: basketballTotal(input.home + input.away, input.rateHome + input.rateAway, t, input.totalLine),
    handicap: [covers, 1 - covers],
    homeTotal: basketballTotal(input.home, input.rateHome, t, input.homeLine ?? 0),
    awayTotal: basketballTotal(input.away, input.rateAway, t, input.awayLine ?? 0),
  };
}
