/**
 * Money and odds as integers. Money is minor units (cents) in a bigint; odds are hundredths in an
 * integer (2.10 is 210). Parsing and formatting go through strings only, never through a float.
 */

export const MIN_ODDS = 101;
export const MAX_ODDS = 100_000;

/** A parse failure, with a sentence a person can act on. */
export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParseError';
  }
}

const decimalPattern = /^(-)?(\d{1,15})(?:\.(\d{1,2}))?$/;

/** Parses "12.50", "12.5" or "12" to minor units; rejects more than two fraction digits. */
export function parseMoney(text: string): bigint {
  if (typeof text !== 'string') throw new ParseError('Money must be a decimal string such as "12.50".');
  const match = decimalPattern.exec(text.trim());
  if (!match) throw new ParseError(`"${truncate(text)}" is not an amount of money: use a decimal string with at most two fraction digits, such as "12.50".`);
  const [, sign, whole, fraction = ''] = match;
  const minor = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign ? -minor : minor;
}

/** Formats minor units as a decimal string with exactly two fraction digits. */
export function formatMoney(minor: bigint): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Parses decimal odds "2.10" to hundredths (210); they must lie between 1.01 and 1000.00. */
export function parseOdds(text: string): number {
  if (typeof text !== 'string') throw new ParseError('Odds must be a decimal string such as "2.10".');
  const match = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new ParseError(`"${truncate(text)}" is not decimal odds: use a string with at most two fraction digits, such as "2.10".`);
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (hundredths < MIN_ODDS) throw new ParseError(`Odds must be at least 1.01, got "${truncate(text)}".`);
  if (hundredths > MAX_ODDS) throw new ParseError(`Odds must be at most 1000.00, got "${truncate(text)}".`);
  return hundredths;
}

/** Formats hundredths as decimal odds with exactly two fraction digits. */
export function formatOdds(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths) || hundredths < 0) throw new RangeError(`odds must be a non-negative integer, got ${hundredths}`);
  return `${Math.trunc(hundredths / 100)}.${(hundredths % 100).toString().padStart(2, '0')}`;
}

/** True when the value is valid odds in hundredths. */
export function isValidOdds(hundredths: number): boolean {
  return Number.isSafeInteger(hundredths) && hundredths >= MIN_ODDS && hundredths <= MAX_ODDS;
}

/** Payout = floor(stake x product of odds), computed exactly in integers. */
export function payoutMinor(stakeMinor: bigint, oddsHundredths: readonly number[]): bigint {
  let numerator = stakeMinor;
  let denominator = 1n;
  for (const odds of oddsHundredths) {
    numerator *= BigInt(odds);
    denominator *= 100n;
  }
  return numerator / denominator;
}

function truncate(text: unknown): string {
  const s = String(text);
  return s.length > 20 ? `${s.slice(0, 20)}…` : s;
}
