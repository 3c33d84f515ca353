import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cashoutReducer, initialCashoutState, type CashoutState } from '../app/_bets/cashout-state';

// The cash-out panel's reducer (app/_bets/cashout-state.ts), without a browser: what a push, a
// request's answer and an accept's answer do to what the bettor sees.

const NOW = 1_000_000;
const offer = (version: number, amount: string, percent = 100, expiresInMs = 30_000) => ({
  __typename: 'CashoutOffer' as const,
  id: `offer-${version}`,
  amount,
  percent,
  version,
  expiresAt: new Date(NOW + expiresInMs).toISOString(),
  bet: { __typename: 'Bet' as const, id: 'bet' },
});
const live = (state: CashoutState, version: number, amount: string, nowMs = NOW) => cashoutReducer(state, { type: 'liveOffer', offer: offer(version, amount), nowMs });

describe('cash-out panel state', () => {
  it('drops a pushed offer older than one already seen, so the value never goes back in time', () => {
    let state = live(initialCashoutState(0), 3, '9.50');
    state = live(state, 5, '10.20');
    const after = live(state, 4, '9.80');
    assert.equal(after, state);
    assert.equal(after.value, '10.20');
    // An answer to a request counts too: a push older than it is dropped.
    state = cashoutReducer(state, { type: 'offered', offer: offer(9, '10.40'), sentAtMs: NOW, nowMs: NOW });
    assert.equal(live(state, 8, '9.90').value, '10.40');
  });

  it('marks which way the value moved, and keeps the cue when a push repeats the amount', () => {
    let state = live(initialCashoutState(0), 1, '9.50');
    assert.equal(state.valueDirection, null);
    state = live(state, 2, '10.00');
    assert.equal(state.valueDirection, 'up');
    state = live(state, 3, '10.00');
    assert.equal(state.valueDirection, 'up');
    state = live(state, 4, '8.00');
    assert.equal(state.valueDirection, 'down');
  });

  it('follows the value with a whole-bet offer on screen, keeping the end the server gives, and leaves a part offer as it is', () => {
    let state = live(initialCashoutState(0), 1, '9.50');
    state = cashoutReducer(state, { type: 'offered', offer: offer(2, '9.50'), sentAtMs: NOW, nowMs: NOW });
    const end = state.offer!.expiresAtLocalMs;
    // Ten seconds on, a move: the live offer's expiresAt is the requested offer's (the server's
    // window), and the countdown keeps its end.
    state = cashoutReducer(state, { type: 'liveOffer', offer: { ...offer(4, '8.90'), expiresAt: new Date(NOW + 30_000).toISOString() }, nowMs: NOW + 10_000 });
    assert.equal(state.offer!.id, 'offer-4');
    assert.equal(state.offer!.amount, '8.90');
    assert.equal(state.offerDirection, 'down');
    assert.equal(state.offer!.expiresAtLocalMs, end);

    let part = cashoutReducer(live(initialCashoutState(0), 1, '9.50'), { type: 'offered', offer: offer(2, '4.75', 50), sentAtMs: NOW, nowMs: NOW });
    part = live(part, 3, '10.00');
    assert.deepEqual([part.offer!.id, part.offer!.amount, part.value], ['offer-2', '4.75', '10.00']);
  });

  it('puts a fall answered on accept on the button with one notice', () => {
    let state = cashoutReducer(initialCashoutState(0), { type: 'offered', offer: offer(2, '9.50'), sentAtMs: NOW, nowMs: NOW });
    state = cashoutReducer(state, { type: 'offered', offer: offer(3, '7.98'), sentAtMs: NOW + 5000, nowMs: NOW + 5100, notice: { kind: 'info', text: 'The value fell to 7.98.' } });
    assert.equal(state.offer!.amount, '7.98');
    assert.equal(state.offerDirection, 'down');
    assert.deepEqual(state.notice, { kind: 'info', text: 'The value fell to 7.98.' });
    assert.equal(state.value, '7.98');
  });
});
