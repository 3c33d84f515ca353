/** Decimal odds "2.10" as hundredths (210), for comparing without floats. */
export function oddsHundredths(odds: string): number {
  const [whole = '0', fraction = ''] = odds.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}
