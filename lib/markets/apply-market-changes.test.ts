import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLiveTestEvent, useTestRuntime } from '../../e2e/support/runtime';
import { eq, inArray } from 'drizzle-orm';
import { markets, oddsHistory, selections } from '../../db/schema';
import { applyMarketChanges } from './apply-market-changes';

describe('applying market changes', () => {
  const test = useTestRuntime();

  const newEvent = () =>
    createLiveTestEvent(test.runtime, [
      { name: 'Winner', selections: [{ name: 'Alder', odds: 180 }, { name: 'Birch', odds: 210 }] },
      { name: 'Both score', selections: [{ name: 'Yes', odds: 190 }, { name: 'No', odds: 190 }] },
    ]);

  const state = async (selectionIds: string[]) => {
    const rows = await test.runtime.db.select({ id: selections.id, odds: selections.odds, previousOdds: selections.previousOdds }).from(selections).where(inArray(selections.id, selectionIds));
    const history = await test.runtime.db.select({ id: oddsHistory.selectionId }).from(oddsHistory).where(inArray(oddsHistory.selectionId, selectionIds));
    return { rows: rows.sort((a, b) => a.id.localeCompare(b.id)), history: history.length };
  };

  it('applies a batch of odds and status changes together: the last change of a selection wins, every move is in the history', async () => {
    const { eventId, markets: [winner, both] } = await newEvent();
    const [alder, birch] = winner.selections.map((s) => s.id);
    const result = await applyMarketChanges(test.runtime, {
      eventId,
      odds: [
        { selectionId: alder, odds: 170 },
        { selectionId: birch, odds: 230 },
        { selectionId: alder, odds: 165 },
      ],
      statuses: [{ marketId: both.id, status: 'SUSPENDED' }],
    });
    assert.ok(result.ok);
    assert.deepEqual(result.value.map((m) => m.id).sort(), [winner.id, both.id].sort());
    const after = await state([alder, birch]);
    assert.deepEqual(after.rows.find((r) => r.id === alder), { id: alder, odds: 165, previousOdds: 170 });
    assert.deepEqual(after.rows.find((r) => r.id === birch), { id: birch, odds: 230, previousOdds: 210 });
    assert.equal(after.history, 3 + 2, 'three moves, plus the opening odds of the two selections');
    const [suspended] = await test.runtime.db.select({ status: markets.status }).from(markets).where(eq(markets.id, both.id));
    assert.equal(suspended.status, 'SUSPENDED');
  });

  it('changes nothing when any change of the batch is refused, even after valid ones', async () => {
    const first = await newEvent();
    const second = await newEvent();
    const [alder] = first.markets[0].selections.map((s) => s.id);
    const before = await state([alder]);
    const refused = await applyMarketChanges(test.runtime, {
      eventId: first.eventId,
      odds: [
        { selectionId: alder, odds: 175 },
        { selectionId: second.markets[0].selections[0].id, odds: 300 },
      ],
      statuses: [{ marketId: first.markets[1].id, status: 'SUSPENDED' }],
    });
    assert.deepEqual(refused.ok ? null : refused.code, 'NOT_FOUND');
    assert.deepEqual(await state([alder]), before);
    const [market] = await test.runtime.db.select({ status: markets.status }).from(markets).where(eq(markets.id, first.markets[1].id));
    assert.equal(market.status, 'OPEN');
  });
});
