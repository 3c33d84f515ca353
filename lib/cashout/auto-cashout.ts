import { and, eq, isNotNull } from 'drizzle-orm';
import { betLegs, bets } from '../../db/schema';
import type { Env } from '../env';
import { fencedDb } from '../fenced-db';
import { LeaseLostError } from '../lease';
import { startLeaseKeeper } from '../lease-keeper';
import type { PubSub, TopicIterator } from '../live/pubsub';
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
  options: { reloadMs?: number; leaseTtlMs?: number; log?: (m: string) => void } = {},
): AutoCashoutWorker {
  const reloadMs = options.reloadMs ?? 1000;
  const leaseTtlMs = options.leaseTtlMs ?? 3 * reloadMs;
  const log = options.log ?? ((m: string) => console.error(m));
  const rules = new Map<string, { userId: string; eventIds: string[] }>();
  const events = new Map<string, { bets: Set<string>; sub: TopicIterator<unknown> }>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
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
      if (!(error instanceof LeaseLostError)) log(`auto-cashout of bet ${betId} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };

  // Odds published while Redis was down never arrived: once it is back, every rule is checked.
  const stopReconnect = deps.pubsub.onReconnect(() => {
    for (const betId of rules.keys()) check(betId);
  });

  const unwatchAll = () => {
    for (const entry of events.values()) void entry.sub.return?.();
    events.clear();
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
      for (const eventId of rule.eventIds) {
        const entry = events.get(eventId);
        entry?.bets.delete(betId);
        if (entry && entry.bets.size === 0) {
          events.delete(eventId);
          void entry.sub.return?.();
        }
      }
    }
    for (const [betId, rule] of current) {
      if (rules.has(betId)) continue;
      rules.set(betId, rule);
      for (const eventId of rule.eventIds) {
        let entry = events.get(eventId);
        if (!entry) {
          const sub = deps.pubsub.subscribe('odds', eventId);
          entry = { bets: new Set(), sub };
          events.set(eventId, entry);
          const bound = entry;
          // Odds that moved before Redis acknowledged the subscription (slow while it is down) never arrive.
          void sub.ready.then(() => bound.bets.forEach(check));
          void (async () => {
            try {
              for await (const _ of sub) bound.bets.forEach(check);
            } catch (error) {
              log(`auto-cashout listener ended: ${error instanceof Error ? error.message : String(error)}`);
            }
          })();
        }
        entry.bets.add(betId);
      }
      // A new rule may already be met.
      check(betId);
    }
  };

  const reload = () =>
    (running = running.then(() => load().catch((error) => log(`auto-cashout reload failed: ${error instanceof Error ? error.message : String(error)}`))));

  const loop = () => {
    if (stopped) return;
    timer = setTimeout(() => void reload().finally(loop), reloadMs);
    timer.unref();
  };
  void reload().finally(loop);

  return {
    reload,
    isLeader: () => keeper.current() !== null,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      stopReconnect();
      await running;
      unwatchAll();
      await keeper.stop();
    },
  };
}
