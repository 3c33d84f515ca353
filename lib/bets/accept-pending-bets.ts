import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { runShaped, slot, type StatementPart } from '../../db/statements';
import { accounts, betLegs, bets, events, marketStatusHistory, oddsHistory, selections, users } from '../../db/schema';
import { betUpdatesPart } from './bet-updates';
import type { BetUpdateKind } from '../live/pubsub';
import type { EventStatus, MarketStatus, SelectionStatus } from '../markets/views';
import { settleBet } from '../settlement/settle-bet';
import { postTransactions, systemAccount, type Posting } from '../wallet/ledger';
import type { BetDeps } from './deps';
import { priceBet, type LegState, type OddsChangePolicy } from './price-bet';
import { every } from '../every';
import { log } from '../log';

/** Owners whose due bets are decided per transaction: small, so a batch is short and the next one starts soon. */
export const ACCEPT_BATCH = 25;

interface DueLeg {
  betId: string;
  userId: string;
  stakeMinor: string;
  policy: OddsChangePolicy;
  legId: string;
  selectionId: string;
  marketId: string;
  eventId: string;
  requestedOdds: number;
  /** The leg's status now: a market settled after the bet's delay ended has decided it already. */
  legStatus: SelectionStatus;
  /** The odds in force when the delay ended (odds_history). */
  odds: number;
  /** The market's status when the delay ended (market_status_history; OPEN when it never changed). */
  marketStatus: MarketStatus;
  eventStatus: EventStatus;
}

interface Decision {
  betId: string;
  userId: string;
  stakeMinor: bigint;
  status: 'OPEN' | 'REJECTED' | 'WON' | 'LOST' | 'VOID';
  oddsHundredths: bigint | null;
  potentialPayoutMinor: bigint | null;
  rejection: { code: string; message: string } | null;
  /** What a bet accepted with every leg already settled pays at once. */
  settlementPayoutMinor: bigint | null;
  legOdds: Array<{ legId: string; odds: number }>;
}

/** Names the advisory locks by which acceptors share out users (arbitrary constant). */
const ACCEPTOR_LOCK_KEY = 72_430_003;

/**
 * Claims the owners of the most overdue PENDING bets, up to `ACCEPT_BATCH` of them, without ever
 * waiting. Acceptors share the users out with transaction-level advisory locks taken with try: a
 * user another acceptor is deciding is left to it, so no batch waits for another instance's batch.
 * Of the users won, those whose row is free are locked (the per-user lock, in id order, as every
 * writer of a user's bets and money takes it first: docs/decisions/0012-lock-order.md); those whose
 * row another transaction holds (the user's own placement or cashout, say) are returned as busy,
 * for a transaction of their own that waits for them (acceptDueBetsOf), so one busy user never
 * holds up a batch and no user is skipped for ever.
 */
async function claimDueOwners(tx: Tx, now: Date): Promise<{ locked: string[]; busy: string[] }> {
  const rows = await runShaped<{ id: string; locked: boolean }>(
    tx,
    'acceptor-claim',
    () => sql`with due as (
        select user_id, min(accept_at) as due_at from ${bets}
        where status = 'PENDING' and accept_at <= ${slot('now')}::timestamptz
        group by user_id order by due_at limit ${slot('limit')}
      ), won as (
        select user_id from due where pg_try_advisory_xact_lock(${slot('key')}::int, hashtext(user_id::text))
      ), locked as (
        select u.id from ${users} u where u.id in (select user_id from won) order by u.id for no key update skip locked
      )
      select w.user_id as id, l.id is not null as locked from won w left join locked l on l.id = w.user_id`,
    { now: now.toISOString(), limit: ACCEPT_BATCH, key: ACCEPTOR_LOCK_KEY },
  );
  return { locked: rows.filter((r) => r.locked).map((r) => r.id), busy: rows.filter((r) => !r.locked).map((r) => r.id) };
}

/** Claims one user for a patient decision: no other acceptor has them, then waits for their row (whoever else holds it finishes soon). */
async function claimOwner(tx: Tx, userId: string): Promise<boolean> {
  const rows = await runShaped<{ id: string }>(
    tx,
    'acceptor-claim-one',
    () => sql`select id from ${users} where id = ${slot('user')} and pg_try_advisory_xact_lock(${slot('key')}::int, hashtext(id::text)) for no key update`,
    { user: userId, key: ACCEPTOR_LOCK_KEY },
  );
  return rows.length === 1;
}

/**
 * The due PENDING bets of the claimed users, locked, with every leg and the odds and market status
 * in force when each bet's delay ended. Read in a statement after the users' locks were granted,
 * so it sees every change committed before; and since a pending bet changes only under its
 * owner's lock, the set cannot change until this transaction ends. A change is in force from the
 * time it was written (history is stamped after its locks).
 */
async function loadDueLegs(tx: Tx, userIds: readonly string[], now: Date): Promise<DueLeg[]> {
  return runShaped<DueLeg>(
    tx,
    'acceptor-legs',
    () => sql`select b.id as "betId", b.user_id as "userId", b.stake_minor::text as "stakeMinor", b.odds_change_policy as "policy",
        l.id as "legId", l.selection_id as "selectionId", l.market_id as "marketId", l.event_id as "eventId",
        l.requested_odds as "requestedOdds", l.status as "legStatus",
        coalesce(h.odds, s.odds) as "odds", coalesce(m.status, 'OPEN') as "marketStatus", e.status as "eventStatus"
      from ${bets} b
        join ${betLegs} l on l.bet_id = b.id
        join ${selections} s on s.id = l.selection_id
        join ${events} e on e.id = l.event_id
        left join lateral (
          select h.odds from ${oddsHistory} h where h.selection_id = l.selection_id and h.recorded_at <= b.accept_at
          order by h.recorded_at desc, h.id desc limit 1
        ) h on true
        left join lateral (
          select m.status from ${marketStatusHistory} m where m.market_id = l.market_id and m.recorded_at <= b.accept_at
          order by m.recorded_at desc, m.id desc limit 1
        ) m on true
      where b.user_id = any(${slot('users')}::uuid[]) and b.status = 'PENDING' and b.accept_at <= ${slot('now')}::timestamptz
      order by b.id, l.leg_index
      for no key update of b`,
    { users: userIds, now: now.toISOString() },
  );
}

/**
 * Decides one bet as it stood when its delay ended: priced at the odds then, refused if a market
 * was suspended or closed then. The event's status then is taken as live (its markets' history
 * says whether betting was open) unless it has since been cancelled.
 */
function decide(legs: DueLeg[], limits: BetDeps['config']): Decision {
  const [first] = legs;
  const stakeMinor = BigInt(first.stakeMinor);
  const states = new Map<string, LegState>(
    legs.map((leg) => [
      leg.selectionId,
      {
        selectionId: leg.selectionId,
        marketId: leg.marketId,
        eventId: leg.eventId,
        odds: leg.odds,
        selectionStatus: 'OPEN',
        hasResult: false,
        marketStatus: leg.marketStatus,
        eventStatus: leg.eventStatus === 'CANCELLED' ? 'CANCELLED' : 'LIVE',
      },
    ]),
  );
  const priced = priceBet(
    legs.map((l) => ({ selectionId: l.selectionId, oddsHundredths: l.requestedOdds })),
    stakeMinor,
    first.policy,
    states,
    // The stake was within limits at placement; only the payout can have grown past its cap.
    { ...limits, stakeMinMinor: 0n },
  );
  const base = { betId: first.betId, userId: first.userId, stakeMinor };
  if ('code' in priced) {
    return { ...base, status: 'REJECTED', oddsHundredths: null, potentialPayoutMinor: null, rejection: { code: priced.code, message: priced.message }, settlementPayoutMinor: null, legOdds: [] };
  }
  const legOdds = legs.map((leg, i) => ({ legId: leg.legId, odds: priced.legs[i].acceptedOdds }));
  // A market settled after the delay ended (and before this ran) has decided the legs already:
  // the bet stands, so it is settled at once, as settlement would have done had it been OPEN.
  const outcome = settleBet(stakeMinor, legs.map((leg, i) => ({ status: leg.legStatus, oddsHundredths: priced.legs[i].acceptedOdds })));
  return {
    ...base,
    status: outcome?.status ?? 'OPEN',
    oddsHundredths: priced.oddsHundredths,
    potentialPayoutMinor: priced.potentialPayoutMinor,
    rejection: null,
    settlementPayoutMinor: outcome?.payoutMinor ?? null,
    legOdds,
  };
}

/** The writes of a batch's decisions (bets and legs), a part of the ledger's statement beside their updates. */
function decisionsPart(decisions: readonly Decision[], decidedAt: Date): StatementPart {
  const text = (n: bigint | null) => (n === null ? null : n.toString());
  const settledAt = (d: Decision) => (d.status === 'OPEN' ? null : decidedAt.toISOString());
  const legs = decisions.flatMap((d) => d.legOdds);
  return {
    shape: 'acceptor-decisions',
    build: (n) => sql`${n.cte('bets')} as (
      update ${bets} b set status = d.status::bet_status,
        odds_hundredths = coalesce(d.odds, b.odds_hundredths),
        potential_payout_minor = coalesce(d.potential, b.potential_payout_minor),
        rejection_code = d.code, rejection_reason = d.reason, settled_at = d.settled_at::timestamptz,
        payout_minor = b.payout_minor + coalesce(d.settlement, 0),
        settlement_payout_minor = d.settlement,
        auto_cashout_target_minor = case when d.settlement is null then b.auto_cashout_target_minor end
      from unnest(${n.slot('bets')}::uuid[], ${n.slot('statuses')}::text[], ${n.slot('odds')}::bigint[], ${n.slot('potential')}::bigint[],
          ${n.slot('codes')}::text[], ${n.slot('reasons')}::text[], ${n.slot('settled_at')}::text[], ${n.slot('settlement')}::bigint[])
        as d(id, status, odds, potential, code, reason, settled_at, settlement)
      where b.id = d.id and b.status = 'PENDING'
    ), ${n.cte('legs')} as (
      update ${betLegs} l set odds = d.odds from unnest(${n.slot('legs')}::uuid[], ${n.slot('leg_odds')}::int[]) as d(id, odds) where l.id = d.id
    )`,
    values: {
      bets: decisions.map((d) => d.betId),
      statuses: decisions.map((d) => d.status),
      odds: decisions.map((d) => text(d.oddsHundredths)),
      potential: decisions.map((d) => text(d.potentialPayoutMinor)),
      codes: decisions.map((d) => d.rejection?.code ?? null),
      reasons: decisions.map((d) => d.rejection?.message ?? null),
      // Timestamps travel as ISO text and are cast in the statement (db/statements.ts).
      settled_at: decisions.map(settledAt),
      settlement: decisions.map((d) => text(d.settlementPayoutMinor)),
      legs: legs.map((l) => l.legId),
      leg_odds: legs.map((l) => l.odds),
    },
  };
}

type Decided = { owners: number; busy: string[]; decisions: Decision[] };

/** Decides the due bets of the locked users in the caller's transaction: one read, one write. */
async function decideFor(tx: Tx, deps: BetDeps, userIds: readonly string[], now: Date): Promise<Decision[]> {
  if (userIds.length === 0) return [];
  // Issued together (pipelined): the legs as of each delay's end, the owners' accounts, the house.
  const [legs, owned, houseId] = await Promise.all([
    loadDueLegs(tx, userIds, now),
    runShaped<{ userId: string; kind: string; id: string }>(
      tx,
      'acceptor-accounts',
      () => sql`select user_id as "userId", kind, id from ${accounts} where user_id = any(${slot('users')}::uuid[]) and kind in ('WALLET', 'HELD')`,
      { users: userIds },
    ),
    systemAccount(tx, 'HOUSE'),
  ]);
  const byBet = new Map<string, DueLeg[]>();
  for (const leg of legs) byBet.set(leg.betId, [...(byBet.get(leg.betId) ?? []), leg]);
  const decisions = [...byBet.values()].map((betLegs) => decide(betLegs, deps.config));
  if (decisions.length === 0) return decisions;

  const account = (userId: string, kind: 'WALLET' | 'HELD') => {
    const found = owned.find((a) => a.userId === userId && a.kind === kind);
    if (!found) throw new Error(`the ${kind} account of user ${userId} is missing`);
    return found.id;
  };
  const postings: Posting[] = [];
  const updates: Array<{ userId: string; kind: BetUpdateKind; betId: string }> = [];
  for (const d of decisions) {
    const [walletId, heldId] = [account(d.userId, 'WALLET'), account(d.userId, 'HELD')];
    if (d.status === 'REJECTED') {
      postings.push({ kind: 'BET_RELEASE', reference: d.betId, entries: [{ accountId: heldId, amountMinor: -d.stakeMinor }, { accountId: walletId, amountMinor: d.stakeMinor }] });
      updates.push({ userId: d.userId, kind: 'REJECTED', betId: d.betId });
      continue;
    }
    updates.push({ userId: d.userId, kind: 'ACCEPTED', betId: d.betId });
    if (d.settlementPayoutMinor === null) continue;
    // The stake leaves HELD: to the house, which pays the winnings (or the refund) to the wallet.
    postings.push({
      kind: 'BET_SETTLE',
      reference: d.betId,
      entries: [
        { accountId: heldId, amountMinor: -d.stakeMinor },
        { accountId: houseId, amountMinor: d.stakeMinor - d.settlementPayoutMinor },
        { accountId: walletId, amountMinor: d.settlementPayoutMinor },
      ],
    });
    updates.push({ userId: d.userId, kind: 'SETTLED', betId: d.betId });
  }
  const held = new Set(owned.filter((a) => a.kind === 'HELD').map((a) => a.id));
  await postTransactions(tx, postings, { nonWallets: held, alsoWrite: { decisions: decisionsPart(decisions, new Date()), updates: betUpdatesPart(updates) } });
  return decisions;
}

function afterDecisions(deps: BetDeps, decisions: readonly Decision[]): void {
  if (decisions.length > 0) deps.afterCommit?.();
  for (const d of decisions) if (d.status === 'OPEN') deps.onBetAccepted?.(d.betId);
}

/**
 * Decides a batch of PENDING bets whose in-play delay has ended, each at the odds and market
 * status in force when its delay ended (never later ones): accepted under its policy, or REJECTED
 * with the stake released. Set-based: a claim of their owners, one read of every leg with its odds
 * then, and one statement writing every decision (bets, legs, ledger, updates), whatever the
 * batch's size. Never waits for a lock: owners another acceptor has are left to it, and owners
 * busy in another transaction come back in `busy` (see acceptDueBetsOf). A bet left pending by a
 * crash is decided by whichever instance runs next. `owners` counts the owners won, locked or busy.
 */
export async function acceptDueBatch(deps: BetDeps, now = new Date()): Promise<Decided> {
  const decided = await deps.db.transaction(async (tx): Promise<Decided> => {
    const { locked, busy } = await claimDueOwners(tx, now);
    return { owners: locked.length + busy.length, busy, decisions: await decideFor(tx, deps, locked, now) };
  });
  afterDecisions(deps, decided.decisions);
  return decided;
}

/** Decides the due bets of one user, waiting for the user's lock (unless another acceptor has the user). Returns how many. */
export async function acceptDueBetsOf(deps: BetDeps, userId: string, now = new Date()): Promise<number> {
  const decisions = await deps.db.transaction(async (tx) => ((await claimOwner(tx, userId)) ? decideFor(tx, deps, [userId], now) : []));
  afterDecisions(deps, decisions);
  return decisions.length;
}

/** Decides every due bet now, busy owners included (tests, and a one-off catch-up). Returns how many bets. */
export async function acceptDueBets(deps: BetDeps, now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = await acceptDueBatch(deps, now);
    total += batch.decisions.length;
    for (const userId of batch.busy) total += await acceptDueBetsOf(deps, userId, now);
    if (batch.owners < ACCEPT_BATCH) return total;
  }
}

export interface BetAcceptor {
  /** Decides due bets now (tests, and right after a delay ends). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/** How many busy owners one instance waits for at once, each in a transaction of its own. */
const PATIENT_MAX = 8;

/**
 * Runs acceptDueBatch every `intervalMs` (50 ms by default, through `every`), batch after batch
 * while batches come back full, and hands busy owners to transactions that wait for them (at most
 * PATIENT_MAX at once, beside the batches), until stopped. A failed batch is logged and tried again
 * on the next pass.
 */
export function startBetAcceptor(deps: BetDeps, options: { intervalMs?: number } = {}): BetAcceptor {
  const report = (error: unknown) => {
    const cause = (error as { cause?: unknown })?.cause;
    log.warn({ err: cause instanceof Error ? cause : error }, 'bet acceptor pass failed; will retry');
  };
  let stopped = false;
  const patient = new Map<string, Promise<unknown>>();
  const wait = (userId: string) => {
    if (patient.has(userId) || patient.size >= PATIENT_MAX || stopped) return;
    patient.set(
      userId,
      acceptDueBetsOf(deps, userId)
        .catch(report)
        .finally(() => patient.delete(userId)),
    );
  };
  const pass = async () => {
    for (let owners = ACCEPT_BATCH; owners === ACCEPT_BATCH && !stopped; ) {
      const batch = await acceptDueBatch(deps);
      owners = batch.owners;
      batch.busy.forEach(wait);
    }
  };
  const job = every(options.intervalMs ?? 50, pass, report);
  return {
    runOnce: () => job.now(),
    async stop() {
      stopped = true;
      await job.stop();
      await Promise.all(patient.values());
    },
  };
}
