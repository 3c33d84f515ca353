import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { betLegs, bets, selections } from '../../db/schema';
import { applyMarketChanges } from './apply-market-changes';
import type { MarketDeps } from './deps';
import { adjustOdds, stepSkews, targetSkews } from './money-skew';
import { log } from '../log';

const MINUTE_MS = 60_000;

/**
 * Coalesces the response to money: bets accepted within `delayMs` of each other on one market are
 * answered by one pass over it (one lock of its selections, one step), rather than one per bet,
 * so a busy market does not serialise placement behind repricing.
 */
export function createMoneyResponder(deps: MarketDeps, options: { delayMs?: number } = {}) {
  const delayMs = options.delayMs ?? 250;
  const pending = new Map<string, string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = null;
    const markets = [...pending.entries()];
    pending.clear();
    running = running.then(async () => {
      for (const [marketId, eventId] of markets) {
        await respondInMarket(deps, { marketId, eventId }).catch((error) => log.warn({ err: error, marketId }, 'odds response to money failed'));
      }
    });
  };
  return {
    /** The bet's legs may be passed when known (a bet just placed), saving a read. */
    async betAccepted(betId: string, known?: ReadonlyArray<{ marketId: string; eventId: string }>): Promise<void> {
      const legs = known ?? (await deps.db.select({ marketId: betLegs.marketId, eventId: betLegs.eventId }).from(betLegs).where(eq(betLegs.betId, betId)));
      for (const leg of legs) pending.set(leg.marketId, leg.eventId);
      if (!timer && pending.size > 0) {
        timer = setTimeout(flush, delayMs);
        timer.unref();
      }
    },
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
      await running;
    },
  };
}

/**
 * After a bet is accepted, moves the prices of its markets toward the selections carrying more
 * liability: each selection's skew takes one bounded step toward its target (per step and per
 * minute), and the prices move by the change of skew with the same overround. The
 * feed's model uses the same skews on its next tick, so the two compose instead of fighting.
 */
async function respondInMarket(deps: MarketDeps, leg: { marketId: string; eventId: string }): Promise<void> {
  const repriced = await deps.db.transaction(async (tx) => {
    // The money on the market is summed before its selections are locked, so placement (which
    // share-locks the selections it prices) waits only for the short update below, not the sum.
    const money = await tx
      .select({
        selectionId: betLegs.selectionId,
        liability: sql<string>`coalesce(sum(${bets.potentialPayoutMinor}), 0)::text`,
        staked: sql<string>`coalesce(sum(${bets.stakeMinor}), 0)::text`,
      })
      .from(betLegs)
      .innerJoin(bets, eq(bets.id, betLegs.betId))
      .where(and(eq(betLegs.marketId, leg.marketId), eq(betLegs.status, 'OPEN'), inArray(bets.status, ['PENDING', 'OPEN'])))
      .groupBy(betLegs.selectionId);
    // Locked in id order, as every writer of selections locks them (docs/decisions/0012-lock-order.md),
    // then taken in the market's own order for the arithmetic.
    const locked = await tx
      .select({
        id: selections.id,
        sortOrder: selections.sortOrder,
        odds: selections.odds,
        skew: selections.moneySkewBps,
        windowBps: selections.moneySkewWindowBps,
        windowStart: selections.moneySkewWindowStart,
      })
      .from(selections)
      .where(eq(selections.marketId, leg.marketId))
      .orderBy(asc(selections.id))
      .for('no key update');
    const rows = locked.sort((a, b) => a.sortOrder - b.sortOrder || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (rows.length < 2) return null;
    const bySelection = new Map(money.map((m) => [m.selectionId, m]));
    const liability = rows.map((r) => BigInt(bySelection.get(r.id)?.liability ?? '0'));
    const staked = rows.reduce((sum, r) => sum + BigInt(bySelection.get(r.id)?.staked ?? '0'), 0n);
    const now = Date.now();
    const used = rows.map((r) => (r.windowStart && now - r.windowStart.getTime() < MINUTE_MS ? r.windowBps : 0));
    const next = stepSkews(rows.map((r) => r.skew), targetSkews(liability, staked), used);
    if (next.every((s, i) => s === rows[i].skew)) return null;
    for (const [i, row] of rows.entries()) {
      if (next[i] === row.skew) continue;
      const fresh = !(row.windowStart && now - row.windowStart.getTime() < MINUTE_MS);
      await tx
        .update(selections)
        .set({
          moneySkewBps: next[i],
          moneySkewWindowBps: used[i] + Math.abs(next[i] - row.skew),
          ...(fresh ? { moneySkewWindowStart: new Date(now) } : {}),
        })
        .where(eq(selections.id, row.id));
    }
    const odds = adjustOdds(rows.map((r) => r.odds), rows.map((r) => r.skew), next);
    return rows.map((r, i) => ({ selectionId: r.id, odds: odds[i] })).filter((c, i) => c.odds !== rows[i].odds);
  });
  // Suspended or closed markets refuse the change; their prices move when they reopen.
  if (repriced && repriced.length > 0) await applyMarketChanges(deps, { eventId: leg.eventId, odds: repriced });
}
