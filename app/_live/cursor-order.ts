const DIGITS = /^\d{1,19}$/;

/**
 * -1, 0 or 1 as cursor `a` is older than, the same as or newer than `b`; null when they cannot be
 * ordered. The API documents cursors as opaque but increasing per viewer; today they are decimal
 * integers, which compare by length first and then digit by digit (no BigInt needed).
 */
export function compareCursors(a: string, b: string): -1 | 0 | 1 | null {
  if (!DIGITS.test(a) || !DIGITS.test(b)) return null;
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x === y ? 0 : x < y ? -1 : 1;
}
