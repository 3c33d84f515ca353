import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { connectionLost, lostRace } from '../../db/retry';
import { runComposed, type StatementPart } from '../../db/statements';
import { accounts, betLegs, bets, events, ledgerEntries, ledgerTransactions, markets, selections, users } from '../../db/schema';
import { isId } from '../ids';
import { log } from '../log';
import { betUpdatesPart } from './bet-updates';
import type { BetDeps } from './deps';
import type { PlaceBetInput, PlaceBetRejection, PlaceBetResult } from './place-bet';
import { priceBet, type LegState, type PricedBet } from './price-bet';
import { betLegView, getBet, type BetView } from './read-bets';

// Group commit for placement (docs/decisions/0024-group-commit.md): the placements that arrive on
// an instance while a batch is being written join the next batch, and one transaction writes a
// whole batch: one statement reads the legs' states (share-locked) and the earlier bets under the
// batch's idempotency keys, one statement decides every bet's funds and writes the stake holds,
// bets, legs, outbox and timeline rows, and one commit. Each bet is still decided on its own.

/** A leg's state with the names a bet ticket shows, so a new bet is answered without a re-read. */
interface LegDetails extends LegState {
  selectionName: string;
  previousOdds: number | null;
  marketName: string;
  eventName: string;
}

/** A placement waiting for its batch: what was asked, and how to answer. */
export interface Placement {
  userId: string;
  input: PlaceBetInput;
  /** requestHash of the input, to tell a retry from a different bet under the same key. */
  hash: string;
  /** The new bet's id, drawn once: a rerun batch that finds it committed knows the bet is this request's own. */
  betId: string;
  /** The rate limit's window as this request was counted (once per request, whatever the reruns). */
  window?: { count: number; resetInMs: number };
  resolve(result: PlaceBetResult): void;
  reject(error: unknown): void;
}

/** How many placements one batch writes at most, unless configured (docs/PERFORMANCE.md measures it). */
export const PLACEMENT_BATCH_MAX = 64;

const fail = (rejection: PlaceBetRejection): PlaceBetResult => ({ ok: false, ...rejection });
const keyOf = (userId: string, key: string) => `${userId}\u0000${key}`;

/**
 * How long a batch may take before the placements waiting behind it start one of their own: a
 * batch that waits for a lock (a user's row held by a settlement, a selection by an odds change)
 * would otherwise hold up every placement of the instance, where one transaction per bet held up
 * only its own.
 */
export const PLACEMENT_BATCH_STALL_MS = 25;

/**
 * A queue of placements per instance (per BetDeps): a batch starts as soon as no batch is being
 * written, so an idle server adds no wait, and another starts beside it whenever a full batch
 * waits or the one being written has stalled (PLACEMENT_BATCH_STALL_MS). A batch takes at most one
 * placement per (user, idempotency key); a repeat of a key waits for the next batch, where it
 * finds the first one's answer committed.
 */
class PlacementQueue {
  private waiting: Placement[] = [];
  /** Batches being written that have not stalled. */
  private writing = 0;

  constructor(private readonly deps: BetDeps) {}

  push(placement: Placement): void {
    this.waiting.push(placement);
    this.pump();
  }

  private pump(): void {
    const max = this.deps.config.placementBatchMax ?? PLACEMENT_BATCH_MAX;
    while (this.waiting.length > 0 && (this.writing === 0 || this.waiting.length >= max)) {
      const batch: Placement[] = [];
      const rest: Placement[] = [];
      const keys = new Set<string>();
      for (const p of this.waiting) {
        const key = keyOf(p.userId, p.input.idempotencyKey);
        if (batch.length < max && !keys.has(key)) {
          keys.add(key);
          batch.push(p);
        } else rest.push(p);
      }
      this.waiting = rest;
      this.writing += 1;
      let stalled = false;
      const stall = setTimeout(() => {
        stalled = true;
        this.writing -= 1;
        this.pump();
      }, PLACEMENT_BATCH_STALL_MS);
      stall.unref();
      void runBatch(this.deps, batch).finally(() => {
        clearTimeout(stall);
        if (!stalled) this.writing -= 1;
        this.pump();
      });
      // What is left (repeats of a key, or more than a batch) waits for a commit unless a full batch is there.
      if (rest.length < max) break;
    }
  }
}

const queues = new WeakMap<BetDeps, PlacementQueue>();

/** Hands a validated placement to its instance's queue; the placement is answered through resolve or reject. */
export function enqueuePlacement(deps: BetDeps, placement: Placement): void {
  let queue = queues.get(deps);
  if (!queue) queues.set(deps, (queue = new PlacementQueue(deps)));
  queue.push(placement);
}

interface EarlierBet {
  userId: string;
  key: string;
  id: string;
  requestHash: string;
}

/** Earlier bets under the batch's keys, by (user, key). */
function byKey(rows: readonly EarlierBet[]): Map<string, EarlierBet> {
  return new Map(rows.map((r) => [keyOf(r.userId, r.key), r]));
}

const replayOf = (p: Placement, earlier: EarlierBet): PlaceBetResult =>
  earlier.requestHash === p.hash ? { ok: true, betId: earlier.id, replayed: true } : fail({ code: 'IDEMPOTENCY_CONFLICT', message: 'This idempotency key was used for a different bet.' });

/** What one statement reads for a batch: every leg's state and the earlier bets under the batch's keys. */
interface BatchRead {
  states: Map<string, LegDetails>;
  earlier: Map<string, EarlierBet>;
}

/**
 * One statement for a batch's legs (with their markets and events) and the earlier bets under its
 * keys. `locked`: the selections are share-locked in id order (inside the locked transaction);
 * without, the read takes no lock and the write checks that the states it was decided on still
 * hold (fundAndWrite's `expected`).
 */
async function readBatch(db: Db | Tx, batch: readonly Placement[], locked: boolean): Promise<BatchRead> {
  const selectionIds = [...new Set(batch.flatMap((p) => p.input.legs.map((l) => l.selectionId)).filter(isId))].sort();
  const [read] = await runComposed<{ legs: unknown; earlier: unknown }>(
    db,
    locked ? 'placement-read-locked' : 'placement-read',
    {
      pr: {
        shape: locked ? 'legs(share)+earlier' : 'legs+earlier',
        build: (n) => sql`${n.cte('legs')} as (
          select s.id as "selectionId", m.id as "marketId", e.id as "eventId", s.odds as "odds", s.status as "selectionStatus",
            s.result is not null as "hasResult", m.status as "marketStatus", e.status as "eventStatus", s.name as "selectionName",
            s.previous_odds as "previousOdds", m.name as "marketName", e.name as "eventName"
          from ${selections} s join ${markets} m on m.id = s.market_id join ${events} e on e.id = m.event_id
          where s.id = any(${n.slot('selections')}::uuid[])
          order by s.id
          ${locked ? sql`for share of s` : sql``}
        ), ${n.cte('earlier')} as (
          select b.user_id as "userId", b.idempotency_key as "key", b.id, b.request_hash as "requestHash"
          from ${bets} b join unnest(${n.slot('users')}::uuid[], ${n.slot('keys')}::text[]) as k(user_id, key) on b.user_id = k.user_id and b.idempotency_key = k.key
        )`,
        values: { selections: selectionIds, users: batch.map((p) => p.userId), keys: batch.map((p) => p.input.idempotencyKey) },
      },
    },
    // Both lists in one row (json), so one statement answers for the whole batch.
    (names) =>
      sql`select (select coalesce(json_agg(l), '[]'::json) from ${names('pr').cte('legs')} l) as legs, (select coalesce(json_agg(b), '[]'::json) from ${names('pr').cte('earlier')} b) as earlier`,
  );
  const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
  return { states: new Map(json<LegDetails[]>(read.legs).map((s) => [s.selectionId, s])), earlier: byKey(json<EarlierBet[]>(read.earlier)) };
}

/**
 * Writes one batch. First one statement, outside any transaction, reads the legs' states and the
 * earlier bets under the batch's keys (a replay is answered at once and costs no rate-limit hit);
 * then one round trip to the rate limiter for the rest, so no database connection waits on Redis;
 * then the bets are decided on what was read and written by one statement that is its own
 * transaction (writeOptimistic): it share-locks the legs' selections and writes nothing when one of
 * them changed since the read. Only then, or when that statement fails, does the batch take the
 * locked path (writeBatch: a transaction that reads under lock, retried, split). A lone bet so costs
 * two statements and one commit.
 */
async function runBatch(deps: BetDeps, batch: Placement[]): Promise<void> {
  try {
    const read = await rerunOnLostConnection(() => readBatch(deps.db, batch, false));
    const fresh: Placement[] = [];
    for (const p of batch) {
      const found = read.earlier.get(keyOf(p.userId, p.input.idempotencyKey));
      if (found) p.resolve(replayOf(p, found));
      else fresh.push(p);
    }
    const uncounted = fresh.filter((p) => !p.window);
    if (uncounted.length > 0) {
      const windows = await deps.limits.hits(uncounted.map((p) => `bets:${p.userId}`), 60_000);
      uncounted.forEach((p, i) => (p.window = windows[i]));
    }
    if (fresh.length === 0) return;
    // A price that moved between the read and the write is usually one move: the batch is read
    // and written once more unlocked (its rate limit already counted, so nothing comes between)
    // before it takes the locked path.
    for (let attempt = 1, current = read; attempt <= UNLOCKED_ATTEMPTS; attempt++) {
      if (attempt > 1) current = await rerunOnLostConnection(() => readBatch(deps.db, fresh, false));
      if (await writeOptimistic(deps, fresh, current)) return;
    }
    await writeBatch(deps, fresh, 1);
  } catch (error) {
    for (const p of batch) p.reject(error);
  }
}

/** How many times a batch is read and written unlocked before it is decided under lock. */
const UNLOCKED_ATTEMPTS = 2;

/**
 * Decides the batch on the unlocked read and writes it with one statement (its own transaction)
 * that first share-locks the legs' selections and checks each still has the state the bets were
 * priced on; when one moved, it writes nothing. Returns whether the batch was answered: false when
 * the statement found a state moved or failed in any way (a lost race, a key raced, a lost
 * connection, anything), and the locked path then decides the batch again from what committed (a
 * statement that failed wrote nothing; one whose commit went through as its connection died is
 * found there by its bets' ids).
 */
async function writeOptimistic(deps: BetDeps, batch: readonly Placement[], read: BatchRead): Promise<boolean> {
  let answers: Answer[];
  try {
    // A bet found under its key here was written by a batch that raced this one, or by this one's
    // write whose commit went through as its connection died (its own id): decide answers both.
    const decided = await decide(deps, batch, read, deps.db);
    if (!decided) return false;
    answers = decided;
  } catch (error) {
    if (!connectionLost(error) && !keyRaced(error) && !lostRace(error)) log.warn({ err: error }, 'placement batch failed unlocked, rerun under lock');
    return false;
  }
  await answerBatch(deps, batch, answers);
  return true;
}

/** Runs a read again (up to RERUNS times in all) while its connection is lost or cannot be had. */
async function rerunOnLostConnection<T>(read: () => Promise<T>): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await read();
    } catch (error) {
      if (!connectionLost(error) || run >= RERUNS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * run));
    }
  }
}

/** Whether an idempotency key raced another instance's (or batch's) insert of the same key. */
function keyRaced(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown; constraint_name?: unknown } | undefined, depth = 0; e && depth < 10; e = e.cause as typeof e, depth++) {
    if (e.code === '23505') return true;
  }
  return false;
}

/** Reruns of a batch whose connection was lost or whose key raced, beyond the transaction's own retries. */
const RERUNS = 4;

/**
 * Writes a batch in one transaction (retried whole on a lost race by db/retry.ts) and answers each
 * placement its own result. A batch that fails otherwise never turns valid bets into errors: one
 * that lost its connection or raced a key is run again (it re-reads what committed, so a bet it
 * wrote before the connection died is answered as placed, once); any other failure splits it in
 * halves, written one after the other (a user's bets keep their order), until the placement that
 * fails is alone and gets the error.
 */
async function writeBatch(deps: BetDeps, batch: Placement[], run: number): Promise<void> {
  let answers: Answer[];
  try {
    answers = await deps.db.transaction(async (tx) => (await decide(deps, batch, await readBatch(tx, batch, true), tx))!);
  } catch (error) {
    if ((connectionLost(error) || keyRaced(error)) && run < RERUNS) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * run));
      return writeBatch(deps, batch, run + 1);
    }
    if (batch.length === 1) {
      batch[0].reject(error);
      return;
    }
    const half = Math.ceil(batch.length / 2);
    await writeBatch(deps, batch.slice(0, half), 1);
    await writeBatch(deps, batch.slice(half), 1);
    return;
  }
  await answerBatch(deps, batch, answers);
}

/** Answers each placement of a committed batch, once, and tells the relay and the rooms. */
async function answerBatch(deps: BetDeps, batch: readonly Placement[], answers: readonly Answer[]): Promise<void> {
  const placed = answers.filter((a): a is Extract<Answer, { placed: true }> => 'placed' in a);
  if (placed.length > 0) deps.afterCommit?.();
  for (const [i, answer] of answers.entries()) {
    const p = batch[i];
    if ('result' in answer) {
      p.resolve(answer.result);
      continue;
    }
    if (answer.own) {
      // Written by an earlier run of this batch whose commit went through as its connection died.
      const bet = await getBet(deps.db, p.userId, p.betId).catch(() => null);
      p.resolve(bet ? { ok: true, betId: p.betId, replayed: false, bet } : { ok: true, betId: p.betId, replayed: true });
      continue;
    }
    p.resolve({ ok: true, betId: p.betId, replayed: false, bet: answer.bet });
    deps.onBetPlaced?.(p.betId);
    // An in-play bet moves prices only once it is accepted, so it cannot move its own price
    // during its delay.
    if (!answer.inPlay) deps.onBetAccepted?.(p.betId, answer.legs);
  }
}

type Answer =
  | { result: PlaceBetResult }
  | { placed: true; own: true }
  | { placed: true; own: false; bet: BetView; inPlay: boolean; legs: Array<{ marketId: string; eventId: string }> };

/** A priced bet the statement will try to fund, in batch order. */
interface Candidate {
  index: number;
  p: Placement;
  priced: PricedBet;
  ledgerId: string;
}

/**
 * Decides a batch on what `read` says: bet by bet in batch order, the rules of placement in their
 * precedence (a replay, RATE_LIMITED, priceBet's codes); then one statement for the funds and the
 * writes (fundAndWrite). In the locked transaction (`db` a Tx, `read` under share locks) that is
 * all; on the pool (`db` the Db, `read` unlocked) the statement is its own transaction, writes only
 * if every priced leg's state still holds, and null says it did not. Safe to rerun: it reads and
 * writes only through `db`, and the rate limit was counted before it.
 */
async function decide(deps: BetDeps, batch: readonly Placement[], read: BatchRead, db: Db | Tx): Promise<Answer[] | null> {
  const { states, earlier } = read;
  const answers: Answer[] = [];
  const candidates: Candidate[] = [];
  for (const [index, p] of batch.entries()) {
    const found = earlier.get(keyOf(p.userId, p.input.idempotencyKey));
    if (found) {
      answers[index] = found.id === p.betId ? { placed: true, own: true } : { result: replayOf(p, found) };
      continue;
    }
    if (p.window && p.window.count > deps.config.betRatePerMinute) {
      answers[index] = { result: fail({ code: 'RATE_LIMITED', message: 'Too many bets in a short time; try again shortly.', retryAfterMs: p.window.resetInMs }) };
      continue;
    }
    const priced = priceBet(p.input.legs, p.input.stakeMinor, p.input.policy, states, deps.config);
    if ('code' in priced) {
      answers[index] = { result: fail(priced) };
      continue;
    }
    candidates.push({ index, p, priced, ledgerId: randomUUID() });
  }
  if (candidates.length === 0) return answers;

  // Milliseconds only, so the time can round-trip through page cursors exactly.
  const placedAt = new Date();
  const unlocked = db === deps.db;
  const expected = unlocked ? [...new Set(candidates.flatMap((c) => c.priced.legs.map((leg) => leg.selectionId)))].sort().map((id) => states.get(id)!) : null;
  const funded = await fundAndWrite(db, candidates, placedAt, deps.config.inplayDelayMs, expected);
  if (!funded) return null;
  for (const c of candidates) {
    if (!funded.has(c.index)) {
      answers[c.index] = { result: fail({ code: 'INSUFFICIENT_FUNDS', message: 'Your balance does not cover this stake.' }) };
      continue;
    }
    const { p, priced } = c;
    answers[c.index] = {
      placed: true,
      own: false,
      inPlay: priced.inPlay,
      legs: priced.legs.map((leg) => ({ marketId: leg.marketId, eventId: leg.eventId })),
      bet: {
        id: p.betId,
        userId: p.userId,
        status: priced.inPlay ? 'PENDING' : 'OPEN',
        stakeMinor: p.input.stakeMinor,
        oddsHundredths: Number(priced.oddsHundredths),
        potentialPayoutMinor: priced.potentialPayoutMinor,
        payoutMinor: 0n,
        oddsChangePolicy: p.input.policy,
        placedAt,
        acceptAt: priced.inPlay ? new Date(placedAt.getTime() + deps.config.inplayDelayMs) : null,
        settledAt: null,
        rejectionCode: null,
        rejectionReason: null,
        autoCashoutTargetMinor: null,
        legs: priced.legs.map((leg) => {
          const state = states.get(leg.selectionId)!;
          return betLegView({ ...state, currentOdds: state.odds, placedOdds: leg.acceptedOdds, requestedOdds: leg.oddsHundredths, status: 'OPEN' });
        }),
      },
    };
  }
  return answers;
}

/**
 * The statement part that share-locks the selections a batch's bets were priced on (in id order:
 * the lock order's first step) and finds those whose state moved since the unlocked read: odds,
 * the selection's, market's or event's status, a result. `stale` has a row per moved selection;
 * the holds part writes nothing when it has any.
 */
function expectedPart(expected: readonly LegState[]): StatementPart {
  return {
    shape: 'placement-expected',
    build: (n) => sql`${n.cte('now')} as (
      select s.id, s.odds, s.status::text as selection_status, (s.result is not null)::text as has_result, m.status::text as market_status, e.status::text as event_status
      from ${selections} s join ${markets} m on m.id = s.market_id join ${events} e on e.id = m.event_id
      where s.id = any(${n.slot('ids')}::uuid[])
      order by s.id
      for share of s
    ), ${n.cte('stale')} as (
      select x.id from unnest(${n.slot('ids')}::uuid[], ${n.slot('odds')}::int[], ${n.slot('selection_statuses')}::text[], ${n.slot('results')}::text[],
          ${n.slot('market_statuses')}::text[], ${n.slot('event_statuses')}::text[]) as x(id, odds, selection_status, has_result, market_status, event_status)
        left join ${n.cte('now')} c on c.id = x.id
      where c.id is null or (c.odds, c.selection_status, c.has_result, c.market_status, c.event_status)
        is distinct from (x.odds, x.selection_status, x.has_result, x.market_status, x.event_status)
    )`,
    values: {
      ids: expected.map((s) => s.selectionId),
      odds: expected.map((s) => s.odds),
      selection_statuses: expected.map((s) => s.selectionStatus),
      // Booleans travel as text inside an array, as big integers do (db/statements.ts).
      results: expected.map((s) => String(s.hasResult)),
      market_statuses: expected.map((s) => s.marketStatus),
      event_statuses: expected.map((s) => s.eventStatus),
    },
  };
}

/**
 * The statement part that decides the funds of a batch's priced bets and writes those covered:
 * the owners' per-user locks first (in id order, the lock order's step after the selections read
 * before), then their wallets (locked, so each is read as last committed), then per user, in batch
 * order, each stake against what the user's earlier bets in the batch left (a bet not covered is
 * refused and leaves the balance to the next, as one placement after another would), then for the
 * covered ones: a BET_HOLD ledger transaction each (wallet to held), the balances moved once per
 * account, the bets and their legs. `funded` lists the covered bets (column ord, from 1, with the
 * owner and bet id), for the bet updates part.
 */
function holdsPart(candidates: readonly Candidate[], placedAt: Date, inplayDelayMs: number, guarded: boolean): StatementPart {
  const legs = candidates.flatMap((c, i) => c.priced.legs.map((leg, legIndex) => ({ ord: i + 1, legIndex, leg })));
  const acceptAt = new Date(placedAt.getTime() + inplayDelayMs).toISOString();
  return {
    shape: guarded ? 'placement-holds(guarded)' : 'placement-holds',
    build: (n) => sql`${n.cte('bets')} (id, user_id, status, stake, odds, payout, policy, key, hash, accept_at, ledger_id, ord) as (
      select * from unnest(${n.slot('ids')}::uuid[], ${n.slot('users')}::uuid[], ${n.slot('statuses')}::text[], ${n.slot('stakes')}::bigint[],
        ${n.slot('odds')}::bigint[], ${n.slot('payouts')}::bigint[], ${n.slot('policies')}::text[], ${n.slot('keys')}::text[], ${n.slot('hashes')}::text[],
        ${n.slot('accept_at')}::text[], ${n.slot('ledger_ids')}::uuid[]) with ordinality
      ${guarded ? sql`where not exists (select from ${n.of('ex').cte('stale')})` : sql``}
    ), ${n.cte('lock')} as (
      select id from ${users} where id in (select user_id from ${n.cte('bets')}) order by id for no key update
    ), ${n.cte('wallets')} as (
      select a.id, a.user_id, a.balance_minor from ${accounts} a
      where a.user_id in (select user_id from ${n.cte('bets')}) and a.kind = 'WALLET' and (select count(*) from ${n.cte('lock')}) >= 0
      order by a.id
      for no key update
    ), ${n.cte('ranked')} as (
      select b.*, row_number() over (partition by b.user_id order by b.ord) as n from ${n.cte('bets')} b
    ), ${n.cte('run')} (ord, user_id, n, funded, left_minor) as (
      select r.ord, r.user_id, r.n, r.stake <= w.balance_minor, case when r.stake <= w.balance_minor then w.balance_minor - r.stake else w.balance_minor end
      from ${n.cte('ranked')} r join ${n.cte('wallets')} w on w.user_id = r.user_id where r.n = 1
      union all
      select r.ord, r.user_id, r.n, r.stake <= p.left_minor, case when r.stake <= p.left_minor then p.left_minor - r.stake else p.left_minor end
      from ${n.cte('run')} p join ${n.cte('ranked')} r on r.user_id = p.user_id and r.n = p.n + 1
    ), ${n.cte('funded')} as (
      select b.*, w.id as wallet_id, h.id as held_id
      from ${n.cte('bets')} b join ${n.cte('run')} r on r.ord = b.ord and r.funded
        join ${n.cte('wallets')} w on w.user_id = b.user_id
        join ${accounts} h on h.user_id = b.user_id and h.kind = 'HELD'
    ), ${n.cte('transactions')} as (
      insert into ${ledgerTransactions} (id, kind, reference) select ledger_id, 'BET_HOLD', id::text from ${n.cte('funded')} order by ord
    ), ${n.cte('entries')} as (
      insert into ${ledgerEntries} (transaction_id, account_id, amount_minor)
      select ledger_id, wallet_id, -stake from ${n.cte('funded')} union all select ledger_id, held_id, stake from ${n.cte('funded')}
    ), ${n.cte('moves')} (id, delta) as (
      select wallet_id, -sum(stake) from ${n.cte('funded')} group by wallet_id union all select held_id, sum(stake) from ${n.cte('funded')} group by held_id
    ), ${n.cte('moved')} as (
      update ${accounts} a set balance_minor = a.balance_minor + m.delta from ${n.cte('moves')} m
      where a.id = m.id
      returning a.id
    ), ${n.cte('placed')} as (
      insert into ${bets} (id, user_id, status, stake_minor, odds_hundredths, potential_payout_minor, odds_change_policy, idempotency_key, request_hash, placed_at, accept_at)
      select id, user_id, status::bet_status, stake, odds, payout, policy::odds_change_policy, key, hash, ${n.slot('placed_at')}::timestamptz, accept_at::timestamptz
      from ${n.cte('funded')} order by ord
    ), ${n.cte('legs')} as (
      insert into ${betLegs} (bet_id, leg_index, selection_id, market_id, event_id, requested_odds, odds)
      select f.id, l.leg_index, l.selection_id, l.market_id, l.event_id, l.requested_odds, l.odds
      from unnest(${n.slot('leg_bets')}::int[], ${n.slot('leg_indexes')}::int[], ${n.slot('leg_selections')}::uuid[], ${n.slot('leg_markets')}::uuid[],
          ${n.slot('leg_events')}::uuid[], ${n.slot('leg_requested')}::int[], ${n.slot('leg_accepted')}::int[])
        as l(ord, leg_index, selection_id, market_id, event_id, requested_odds, odds)
        join ${n.cte('funded')} f on f.ord = l.ord
    )`,
    values: {
      ids: candidates.map((c) => c.p.betId),
      users: candidates.map((c) => c.p.userId),
      statuses: candidates.map((c) => (c.priced.inPlay ? 'PENDING' : 'OPEN')),
      // Big integers inside arrays travel as text, timestamps as ISO text (db/statements.ts).
      stakes: candidates.map((c) => c.p.input.stakeMinor.toString()),
      odds: candidates.map((c) => c.priced.oddsHundredths.toString()),
      payouts: candidates.map((c) => c.priced.potentialPayoutMinor.toString()),
      policies: candidates.map((c) => c.p.input.policy),
      keys: candidates.map((c) => c.p.input.idempotencyKey),
      hashes: candidates.map((c) => c.p.hash),
      accept_at: candidates.map((c) => (c.priced.inPlay ? acceptAt : null)),
      ledger_ids: candidates.map((c) => c.ledgerId),
      placed_at: placedAt.toISOString(),
      leg_bets: legs.map((l) => l.ord),
      leg_indexes: legs.map((l) => l.legIndex),
      leg_selections: legs.map((l) => l.leg.selectionId),
      leg_markets: legs.map((l) => l.leg.marketId),
      leg_events: legs.map((l) => l.leg.eventId),
      leg_requested: legs.map((l) => l.leg.oddsHundredths),
      leg_accepted: legs.map((l) => l.leg.acceptedOdds),
    },
  };
}

/**
 * One statement for a batch's writes: the holds and bets (holdsPart), then a PLACED update for each
 * covered bet in batch order (betUpdatesPart reading the funded bets). Returns the indexes (in
 * the batch) of the bets covered. With `expected` (the unlocked path, the statement its own
 * transaction) it first share-locks those selections and writes nothing, returning null, when one
 * no longer has that state (expectedPart). A balance that would go below zero fails the whole
 * statement (accounts' CHECK), which the funds decided inside it never allow.
 */
async function fundAndWrite(db: Db | Tx, candidates: readonly Candidate[], placedAt: Date, inplayDelayMs: number, expected: readonly LegState[] | null): Promise<Set<number> | null> {
  const [row] = await runComposed<{ funded: number[] | string; moved: number; moves: number; stale: number }>(
    db,
    'placement-write',
    {
      ...(expected ? { ex: expectedPart(expected) } : {}),
      ph: holdsPart(candidates, placedAt, inplayDelayMs, expected !== null),
      updates: betUpdatesPart({ shape: 'ph.funded', from: (n) => sql`(select user_id, 'PLACED' as kind, id as bet_id, ord from ${n.of('ph').cte('funded')}) as placed` }),
    },
    (names) => {
      const n = names('ph');
      return sql`select coalesce((select array_agg(ord::int order by ord) from ${n.cte('funded')}), '{}') as funded,
        (select count(*) from ${n.cte('moved')})::int as moved, (select count(*) from ${n.cte('moves')})::int as moves,
        ${expected ? sql`(select count(*) from ${names('ex').cte('stale')})::int` : sql`0`} as stale`;
    },
    true,
  );
  if (Number(row.stale) > 0) return null;
  if (Number(row.moved) !== Number(row.moves)) throw new Error(`placement batch moved ${row.moved} of ${row.moves} balances`);
  const ords = typeof row.funded === 'string' ? row.funded.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number) : row.funded.map(Number);
  return new Set(ords.map((ord) => candidates[ord - 1].index));
}
