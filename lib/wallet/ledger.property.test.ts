import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { signUp } from '../auth/accounts';
import { placeBet } from '../bets/place-bet';
import { createEvent } from '../markets/create-event';
import { getMarketsByEvent } from '../markets/read-markets';
import { createRuntime, type Runtime } from '../runtime';
import { assertLedgerInvariants } from '../../e2e/support/ledger';
import { createTestDatabase, testEnv, type TestDatabase } from '../../e2e/support/services';
import { deposit } from './deposit';
import { getBalance } from './read-wallet';

// Random mixes of deposits and bets, run concurrently against real Postgres: whatever the mix,
// the ledger invariants hold and the balance is exactly deposits accepted minus stakes accepted.
describe('ledger under random concurrent operations', () => {
  let database: TestDatabase;
  let runtime: Runtime;
  let selectionId: string;

  before(async () => {
    database = await createTestDatabase();
    runtime = await createRuntime(testEnv(database.url, { DEPOSIT_LIMIT_DEFAULT: '300.00', BET_RATE_PER_MINUTE: '100000' }));
    const event = await createEvent(runtime, {
      sport: 'football',
      home: 'Quarry',
      away: 'Rowan',
      startsAt: new Date(Date.now() + 3_600_000),
      markets: [{ name: 'Winner', selections: [{ name: 'Quarry', odds: 190 }, { name: 'Rowan', odds: 210 }] }],
    });
    assert.ok(event.ok);
    selectionId = (await getMarketsByEvent(runtime.db, [event.value.id])).get(event.value.id)![0].selections[0].id;
  });

  after(async () => {
    await runtime?.close();
    await database?.drop();
  });

  const operation = fc.oneof(
    fc.record({ kind: fc.constant('deposit' as const), amountMinor: fc.bigInt({ min: -100n, max: 20_000n }) }),
    fc.record({ kind: fc.constant('bet' as const), stakeMinor: fc.bigInt({ min: -5n, max: 8_000n }) }),
  );

  it('keeps every invariant and balance = accepted deposits - accepted stakes', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        const user = await signUp(runtime.db, `prop${++run}_${Date.now() % 1_000_000}`, 'password123');
        assert.ok(user.ok);
        const userId = user.value.id;
        const outcomes = await Promise.all(
          operations.map((op, i) =>
            op.kind === 'deposit'
              ? deposit(runtime.db, userId, op.amountMinor, `d${i}`, runtime.env.DEPOSIT_LIMIT_DEFAULT).then((r) => (r.ok ? op.amountMinor : 0n))
              : placeBet(runtime, userId, { legs: [{ selectionId, oddsHundredths: 190 }], stakeMinor: op.stakeMinor, idempotencyKey: `b${i}`, policy: 'NONE' }).then((r) =>
                  r.ok ? -op.stakeMinor : 0n,
                ),
          ),
        );
        const expected = outcomes.reduce((sum, delta) => sum + delta, 0n);
        assert.equal(await getBalance(runtime.db, userId), expected);
        assert.ok(expected >= 0n);
      }),
      { numRuns: 25 },
    );
    await assertLedgerInvariants(database.url);
  });
});
