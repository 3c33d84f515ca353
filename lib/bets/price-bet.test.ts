import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combinedOdds, maxStakeForPayout, priceBet, type LegState, type PricedBet } from './price-bet';

const limits = { stakeMinMinor: 10n, stakeMaxMinor: 100_000n, maxPayoutMinor: 10_000_000n };

function state(id: string, overrides: Partial<LegState> = {}): LegState {
  return {
    selectionId: id,
    marketId: `m-${id}`,
    eventId: `e-${id}`,
    odds: 200,
    selectionStatus: 'OPEN',
    hasResult: false,
    marketStatus: 'OPEN',
    eventStatus: 'UPCOMING',
    ...overrides,
  };
}
const states = (...list: LegState[]) => new Map(list.map((s) => [s.selectionId, s]));
const leg = (selectionId: string, oddsHundredths = 200) => ({ selectionId, oddsHundredths });
const code = (result: unknown) => (result as { code?: string }).code ?? 'OK';

describe('pricing', () => {
  it('prices a single at stake x odds, rounded down to the cent', () => {
    const priced = priceBet([leg('a', 215)], 333n, 'NONE', states(state('a', { odds: 215 })), limits) as PricedBet;
    assert.equal(priced.potentialPayoutMinor, 715n); // 7.1595 -> 7.15
    assert.equal(priced.oddsHundredths, 215n);
    assert.equal(priced.inPlay, false);
  });

  it('prices an accumulator on the exact product of the legs', () => {
    const priced = priceBet(
      [leg('a', 210), leg('b', 190), leg('c', 175)],
      1000n,
      'NONE',
      states(state('a', { odds: 210 }), state('b', { odds: 190 }), state('c', { odds: 175 })),
      limits,
    ) as PricedBet;
    assert.equal(priced.potentialPayoutMinor, 6982n);
    assert.equal(priced.oddsHundredths, 698n); // 6.9825 shown as 6.98
  });

  it('marks a bet in play when any leg is live', () => {
    const priced = priceBet([leg('a'), leg('b')], 100n, 'NONE', states(state('a'), state('b', { eventStatus: 'LIVE' })), limits) as PricedBet;
    assert.equal(priced.inPlay, true);
  });

  it('computes combined odds and the largest stake within the maximum payout', () => {
    assert.equal(combinedOdds([150, 150]), 225n);
    assert.equal(combinedOdds([333]), 333n);
    assert.equal(maxStakeForPayout(10_000n, [400]), 2500n);
    assert.equal(maxStakeForPayout(10_000n, [300]), 3333n);
  });
});

describe('odds-change policies', () => {
  const moved = (odds: number) => states(state('a', { odds }));
  it('NONE rejects any difference', () => {
    assert.equal(code(priceBet([leg('a', 200)], 100n, 'NONE', moved(210), limits)), 'ODDS_CHANGED');
    assert.equal(code(priceBet([leg('a', 200)], 100n, 'NONE', moved(190), limits)), 'ODDS_CHANGED');
  });
  it('HIGHER accepts equal or better odds at the current price and rejects worse', () => {
    const better = priceBet([leg('a', 200)], 100n, 'HIGHER', moved(210), limits) as PricedBet;
    assert.equal(better.legs[0].acceptedOdds, 210);
    assert.equal(code(priceBet([leg('a', 200)], 100n, 'HIGHER', moved(190), limits)), 'ODDS_CHANGED');
  });
  it('ANY accepts whatever the current odds are', () => {
    assert.equal((priceBet([leg('a', 200)], 100n, 'ANY', moved(150), limits) as PricedBet).legs[0].acceptedOdds, 150);
  });
});

describe('rejection codes in order of precedence', () => {
  // Each case breaks its own rule and every rule after it, so only precedence decides the answer.
  const everything = () =>
    states(
      state('a', { eventId: 'same', marketStatus: 'SUSPENDED', eventStatus: 'FINISHED', odds: 999 }),
      state('b', { eventId: 'same', marketStatus: 'SUSPENDED', odds: 999 }),
    );
  const cases: Array<[string, () => unknown]> = [
    ['INVALID_INPUT', () => priceBet([], 0n, 'NONE', everything(), limits)],
    ['INVALID_INPUT', () => priceBet([leg('a'), leg('a')], 0n, 'NONE', everything(), limits)],
    ['INVALID_INPUT', () => priceBet([leg('a', 100)], 5n, 'NONE', everything(), limits)],
    ['INVALID_BET', () => priceBet(Array.from({ length: 21 }, (_, i) => leg(`x${i}`)), 5n, 'NONE', everything(), limits)],
    ['INVALID_BET', () => priceBet([leg('a'), leg('a')], 5n, 'NONE', everything(), limits)],
    ['NOT_FOUND', () => priceBet([leg('a'), leg('zzz')], 5n, 'NONE', everything(), limits)],
    ['INVALID_BET', () => priceBet([leg('a'), leg('b')], 5n, 'NONE', everything(), limits)],
    ['MARKET_CLOSED', () => priceBet([leg('a')], 5n, 'NONE', everything(), limits)],
    ['MARKET_CLOSED', () => priceBet([leg('a')], 5n, 'NONE', states(state('a', { marketStatus: 'SETTLED' })), limits)],
    ['MARKET_CLOSED', () => priceBet([leg('a')], 5n, 'NONE', states(state('a', { hasResult: true, marketStatus: 'SUSPENDED' })), limits)],
    ['MARKET_SUSPENDED', () => priceBet([leg('b')], 5n, 'NONE', everything(), limits)],
    ['ODDS_CHANGED', () => priceBet([leg('a')], 5n, 'NONE', states(state('a', { odds: 1000 })), limits)],
    ['INVALID_BET', () => priceBet([leg('a', 1000), leg('b', 1000), leg('c', 1000), leg('d', 1000), leg('e', 1000)], 5n, 'NONE', states(...['a', 'b', 'c', 'd', 'e'].map((id) => state(id, { odds: 1000 }))), limits)],
    ['STAKE_TOO_LOW', () => priceBet([leg('a')], 5n, 'NONE', states(state('a')), limits)],
    ['STAKE_TOO_HIGH', () => priceBet([leg('a')], 100_001n, 'NONE', states(state('a')), limits)],
    ['STAKE_TOO_HIGH', () => priceBet([leg('a', 50_000)], 50_000n, 'NONE', states(state('a', { odds: 50_000 })), limits)],
    ['OK', () => priceBet([leg('a')], 10n, 'NONE', states(state('a')), limits)],
  ];
  for (const [expected, run] of cases) {
    it(`answers ${expected} ${run.toString().slice(6, 80)}`, () => assert.equal(code(run()), expected));
  }

  it('tells the largest allowed stake when the payout would exceed the maximum', () => {
    const result = priceBet([leg('a', 50_000)], 50_000n, 'NONE', states(state('a', { odds: 50_000 })), limits) as { maxMinor: bigint; minMinor: bigint };
    assert.equal(result.maxMinor, 20_000n);
    assert.equal(result.minMinor, 10n);
  });
});
