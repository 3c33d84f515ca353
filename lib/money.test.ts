import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMoney, formatOdds, parseMoney, parseOdds, ParseError, payoutMinor } from './money';

describe('money', () => {
  it('parses decimal strings to minor units without floats', () => {
    assert.equal(parseMoney('12.50'), 1250n);
    assert.equal(parseMoney('12.5'), 1250n);
    assert.equal(parseMoney('12'), 1200n);
    assert.equal(parseMoney('0.01'), 1n);
    assert.equal(parseMoney('-3.07'), -307n);
    assert.equal(parseMoney('999999999999999.99'), 99999999999999999n);
  });

  it('rejects over-precise, non-numeric and malformed amounts', () => {
    for (const bad of ['1.005', 'abc', '', ' ', '1e3', '1,50', '.5', '5.', '+5', 'NaN', 'Infinity', '0x10', '1 000']) {
      assert.throws(() => parseMoney(bad), ParseError, bad);
    }
  });

  it('formats minor units with exactly two fraction digits', () => {
    assert.equal(formatMoney(1250n), '12.50');
    assert.equal(formatMoney(5n), '0.05');
    assert.equal(formatMoney(0n), '0.00');
    assert.equal(formatMoney(-307n), '-3.07');
    assert.equal(formatMoney(12345678901234567890n), '123456789012345678.90');
  });

  it('round-trips every amount it formats', () => {
    for (const minor of [0n, 1n, 99n, 100n, 101n, 123456n]) assert.equal(parseMoney(formatMoney(minor)), minor);
  });
});

describe('odds', () => {
  it('parses decimal odds to hundredths', () => {
    assert.equal(parseOdds('2.10'), 210);
    assert.equal(parseOdds('2.1'), 210);
    assert.equal(parseOdds('3'), 300);
    assert.equal(parseOdds('1.01'), 101);
    assert.equal(parseOdds('1000.00'), 100000);
  });

  it('rejects odds below 1.01, above 1000, over-precise or not numeric', () => {
    for (const bad of ['1.00', '1', '0.50', '1000.01', '2.105', 'abc', '', '-2.10', '2,10', '1e2']) {
      assert.throws(() => parseOdds(bad), ParseError, bad);
    }
  });

  it('formats hundredths with exactly two fraction digits', () => {
    assert.equal(formatOdds(210), '2.10');
    assert.equal(formatOdds(101), '1.01');
    assert.equal(formatOdds(100000), '1000.00');
    assert.throws(() => formatOdds(2.5), RangeError);
  });
});

describe('payout', () => {
  it('is floor(stake x product of odds) computed exactly', () => {
    assert.equal(payoutMinor(1000n, [210]), 2100n);
    assert.equal(payoutMinor(333n, [150]), 499n); // 499.5 rounds down
    assert.equal(payoutMinor(1000n, [210, 190, 175]), 6982n); // 69.8250 rounds down
    assert.equal(payoutMinor(1n, [101]), 1n);
  });
});
