import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLiveTestEvent, useTestRuntime } from '../../e2e/support/runtime';
import { eq } from 'drizzle-orm';
import { selections } from '../../db/schema';
import { recordResults } from './record-results';

describe('recording results', () => {
  const test = useTestRuntime();

  const newEvent = async () => {
    const { eventId, markets } = await createLiveTestEvent(test.runtime);
    return { eventId, market: markets[0] };
  };

  it('stores a result per selection and changes nothing when recorded again', async () => {
    const { eventId, market } = await newEvent();
    const results = [
      { selectionId: market.selections[0].id, result: 'WON' as const },
      { selectionId: market.selections[1].id, result: 'LOST' as const },
    ];
    assert.deepEqual(await recordResults(test.runtime, eventId, results), { ok: true, value: 2 });
    assert.deepEqual(await recordResults(test.runtime, eventId, results), { ok: true, value: 0 });
    const rows = await test.runtime.db.select({ result: selections.result, status: selections.status }).from(selections).where(eq(selections.marketId, market.id));
    assert.deepEqual(rows.map((r) => r.result).sort(), ['LOST', 'WON']);
    assert.ok(rows.every((r) => r.status === 'OPEN'), 'status is left for settlement');
  });

  it('rejects unknown ids, duplicate selections and selections of another event without writing', async () => {
    const first = await newEvent();
    const second = await newEvent();
    const unknown = '00000000-0000-0000-0000-000000000000';
    const won = (selectionId: string) => ({ selectionId, result: 'WON' as const });
    assert.equal((await recordResults(test.runtime, 'nope', [won(first.market.selections[0].id)])).ok, false);
    const cases = [
      [first.eventId, [won(unknown)], 'NOT_FOUND'],
      [first.eventId, [won(second.market.selections[0].id)], 'NOT_FOUND'],
      [first.eventId, [won(first.market.selections[0].id), won(first.market.selections[0].id)], 'INVALID_INPUT'],
      [first.eventId, [{ selectionId: first.market.selections[0].id, result: 'MAYBE' as never }], 'INVALID_INPUT'],
    ] as const;
    for (const [eventId, results, code] of cases) {
      const outcome = await recordResults(test.runtime, eventId, [...results]);
      assert.equal(outcome.ok ? 'ok' : outcome.code, code);
    }
    const rows = await test.runtime.db.select({ result: selections.result }).from(selections).where(eq(selections.marketId, first.market.id));
    assert.ok(rows.every((r) => r.result === null));
  });
});
