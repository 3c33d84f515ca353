import { and, asc, eq, lte } from 'drizzle-orm';
import { betLegs, bets } from '../../db/schema';
import { enqueueBetUpdates } from '../live/outbox';
import type { BetUpdateKind } from '../live/pubsub';
import { postTransaction, userAccounts } from '../wallet/ledger';
import type { BetDeps } from './deps';
import { loadLegStates } from './load-leg-states';
import { priceBet } from './price-bet';

const BATCH = 50;

/**
 * Decides every PENDING bet whose in-play delay has ended: accepted at the current odds if its
 * policy allows and every market is open, otherwise REJECTED with the stake released. Rows are
 * claimed with SKIP LOCKED, so instances share the work and each bet is decided exactly once; a
 * bet left pending by a crash is decided by whichever instance runs next. Returns how many.
 */
export async function acceptDueBets(deps: BetDeps, now = new Date()): Promise<number> {
  const decided = await deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: bets.id, userId: bets.userId, stakeMinor: bets.stakeMinor, policy: bets.oddsChangePolicy })
      .from(bets)
      .where(and(eq(bets.status, 'PENDING'), lte(bets.acceptAt, now)))
      .orderBy(asc(bets.acceptAt))
      .limit(BATCH)
      .for('update', { skipLocked: true });
    // Written once at the end, so the owners' rows are locked together in a fixed order.
    const updates: Array<{ userId: string; kind: BetUpdateKind; betId: string }> = [];
    for (const bet of due) {
      const legs = await tx
        .select({ id: betLegs.id, selectionId: betLegs.selectionId, requestedOdds: betLegs.requestedOdds })
        .from(betLegs)
        .where(eq(betLegs.betId, bet.id))
        .orderBy(asc(betLegs.legIndex));
      const states = await loadLegStates(tx, legs.map((l) => l.selectionId));
      const priced = priceBet(
        legs.map((l) => ({ selectionId: l.selectionId, oddsHundredths: l.requestedOdds })),
        bet.stakeMinor,
        bet.policy,
        states,
        // The stake was within limits at placement; only the payout can have grown past its cap.
        { ...deps.config, stakeMinMinor: 0n },
      );
      if ('code' in priced) {
        const { walletId, heldId } = await userAccounts(tx, bet.userId);
        await postTransaction(tx, 'BET_RELEASE', bet.id, [
          { accountId: heldId, amountMinor: -bet.stakeMinor },
          { accountId: walletId, amountMinor: bet.stakeMinor },
        ]);
        await tx
          .update(bets)
          .set({ status: 'REJECTED', rejectionCode: priced.code, rejectionReason: priced.message, settledAt: now })
          .where(eq(bets.id, bet.id));
        updates.push({ userId: bet.userId, kind: 'REJECTED', betId: bet.id });
        continue;
      }
      for (const [i, leg] of legs.entries()) {
        await tx.update(betLegs).set({ odds: priced.legs[i].acceptedOdds }).where(eq(betLegs.id, leg.id));
      }
      await tx
        .update(bets)
        .set({ status: 'OPEN', oddsHundredths: priced.oddsHundredths, potentialPayoutMinor: priced.potentialPayoutMinor })
        .where(eq(bets.id, bet.id));
      updates.push({ userId: bet.userId, kind: 'ACCEPTED', betId: bet.id });
    }
    await enqueueBetUpdates(tx, updates);
    return updates;
  });
  if (decided.length > 0) deps.afterCommit?.();
  for (const update of decided) if (update.kind === 'ACCEPTED') deps.onBetAccepted?.(update.betId);
  return decided.length;
}

export interface BetAcceptor {
  /** Decides due bets now (tests, and right after a delay ends). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** Runs acceptDueBets every `intervalMs` (100 ms by default) until stopped. */
export function startBetAcceptor(deps: BetDeps, options: { intervalMs?: number; log?: (m: string) => void } = {}): BetAcceptor {
  const intervalMs = options.intervalMs ?? 100;
  const log = options.log ?? ((m: string) => console.error(m));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);
  const runOnce = () =>
    (running = running.then(async () => {
      try {
        let total = 0;
        for (let n = BATCH; n === BATCH && !stopped; total += n) n = await acceptDueBets(deps);
        return total;
      } catch (error) {
        log(`bet acceptor: ${error instanceof Error ? error.message : String(error)}; will retry`);
        return 0;
      }
    }));
  const loop = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().finally(loop), intervalMs);
    timer.unref();
  };
  loop();
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
