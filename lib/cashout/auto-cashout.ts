import { and, eq, isNotNull } from 'drizzle-orm';
import { betLegs, bets } from '../../db/schema';
import type { Env } from '../env';
import { fencedDb } from '../fenced-db';
import { LeaseLostError } from '../lease';
import { every } from '../every';
import { startLeaseKeeper } from '../lease-keeper';
import { log } from '../log';
import type { PubSub } from '../live/pubsub';
import { watchEventOdds } from './watch-event-odds';
import { executeCashout } from './accept-cashout';
import type { CashoutDeps } from './deps';
import { loadValuedBet } from './load-valued-bet';
import { makeOffer } from './request-cashout';
import { valueBet } from './value-bet';

/**
 * Cashes out a bet whose value has reached its auto-cashout target, at the value of that moment
 * (never below the target), in one transaction. Returns the amount paid, or null when the rule
 * does not fire (target unset or not reached, bet not open, cashout unavailable).
 */
export async function fireAutoCashout(deps: CashoutDeps, userId: string, betId: string): Promise<bigint | null> {
  const paid = await deps.db.transaction(async (tx) => {
    const bet = await loadValuedBet(tx, userId, betId);
    if (!bet || bet.status !== 'OPEN') return null;
    const [{ target }] = await tx.select({ target: bets.autoCashoutTargetMinor }).from(bets).where(eq(bets.id, betId));
    if (target === null) return null;
    const value = valueBet(bet, bet.legs, 100, deps.cashout.marginBps);
    if (!value.ok || value.amountMinor < target) return null;
    const made = await makeOffer(tx, deps, bet, 100, 'AUTO');
    if (!made.ok) return null;
    await executeCashout(tx, deps, bet, made.offer);
    deps.cashout.counters.accepted += 1;
    return made.offer.amountMinor;
  });
  if (paid !== null) deps.afterCommit?.();
  return paid;
}

export interface AutoCashoutWorker {
  /** Reloads the rules (and checks new ones) now. */
  reload(): Promise<void>;
  isLeader(): boolean;
  stop(): Promise<void>;
}

/**
 * Watches every open bet with an auto-cashout rule, whether or not its owner is connected. One
 * instance at a time does it (a lease kept on its own timer), so a rule fires once; each firing is
 * fenced by the lease's epoch, so an instance that lost the lease cannot fire afterwards. The
 * leader reloads the rules every `reloadMs` (checking new ones at once) and listens to the odds of
 * their events, re-checking only the bets with a leg on the event that moved.
 */
export function startAutoCashout(
  deps: CashoutDeps & { pubsub: PubSub; instanceId: string; env?: Pick<Env, 'DATABASE_URL'> },
  options: { reloadMs?: number; leaseTtlMs?: number } = {},
): AutoCashoutWorker {
  const reloadMs = options.reloadMs ?? 1000;
  const leaseTtlMs = options.leaseTtlMs ?? 3 * reloadMs;
  const rules = new Map<string, { userId: string; eventIds: string[] }>();
  // Each odds move of an event re-checks the rules of the bets with a leg on it (and a Redis
  // reconnect re-checks them all: odds published while it was down never arrive).
  const odds = watchEventOdds(deps.pubsub, (betId) => check(betId), 'auto-cashout');
  let stopped = false;
  const keeper = startLeaseKeeper(
    { db: deps.db, databaseUrl: deps.env?.DATABASE_URL },
    // A new term loads the rules at once; a lost one drops them at once.
    { name: 'auto-cashout', holder: deps.instanceId, ttlMs: leaseTtlMs, onChange: () => void reload() },
  );

  const check = (betId: string) => {
    const rule = rules.get(betId);
    const fence = keeper.current();
    if (!rule || !fence) return;
    void fireAutoCashout({ ...deps, db: fencedDb(deps.db, fence, leaseTtlMs) }, rule.userId, betId).catch((error) => {
      if (!(error instanceof LeaseLostError)) log.warn({ err: error, betId }, 'auto-cashout failed');
    });
  };

  const unwatchAll = () => {
    odds.clear();
    rules.clear();
  };

  const load = async () => {
    if (stopped || !keeper.current()) return unwatchAll();
    const rows = await deps.db
      .select({ betId: bets.id, userId: bets.userId, eventId: betLegs.eventId })
      .from(bets)
      .innerJoin(betLegs, eq(betLegs.betId, bets.id))
      .where(and(eq(bets.status, 'OPEN'), isNotNull(bets.autoCashoutTargetMinor)));
    const current = new Map<string, { userId: string; eventIds: string[] }>();
    for (const row of rows) {
      const rule = current.get(row.betId) ?? { userId: row.userId, eventIds: [] };
      rule.eventIds.push(row.eventId);
      current.set(row.betId, rule);
    }
    for (const [betId, rule] of rules) {
      if (current.has(betId)) continue;
      rules.delete(betId);
      odds.remove(betId, rule.eventIds);
    }
    for (const [betId, rule] of current) {
      if (rules.has(betId)) continue;
      rules.set(betId, rule);
      odds.add(betId, rule.eventIds);
      // A new rule may already be met.
      check(betId);
    }
  };

  // Reloads every `reloadMs`, and at once when the term changes (reload).
  const job = every(reloadMs, load, (error) => log.warn({ err: error }, 'auto-cashout reload failed'), { immediately: true });
  const reload = () => job.now();

  return {
    reload,
    isLeader: () => keeper.current() !== null,
    async stop() {
      stopped = true;
      await job.stop();
      unwatchAll();
      await keeper.stop();
    },
  };
}
