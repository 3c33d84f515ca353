import type postgres from 'postgres';
import type { Bettor } from './bettor';
import type { Traffic } from './traffic';

/** What the bettors' subscriptions received, compared with the outbox and the bets' timelines. */
export interface DeliveryFigures {
  /** Updates in the outbox for the bettors (what they must receive). */
  expected: number;
  received: number;
  /** Outbox rows a bettor never received. */
  lost: number;
  /** Updates received more than once. */
  duplicated: number;
  /** Updates received after one with a higher cursor. */
  outOfOrder: number;
  /** Updates received that are not in the outbox. */
  phantom: number;
  /** Bets whose received updates are not, in order, their timeline (`bet_events`). */
  streamNotTimeline: number;
  /** Bets whose outbox order differs from their timeline order. */
  outboxNotTimeline: number;
  /** Bets with an update after REJECTED or CASHED_OUT. */
  afterTerminal: number;
  /** Bets whose `Bet.timeline` through the API differs from the stored timeline (a sample). */
  apiTimelineMismatch: number;
  apiTimelineChecked: number;
  samples: string[];
}

const TERMINAL = new Set(['REJECTED', 'CASHED_OUT']);

/** Issue 14's bound on how late after acceptAt an in-play bet is decided, p99. */
export const LATENESS_TARGET_MS = 500;

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Compares every bettor's received updates with the outbox and the timeline. The feed keeps
 * writing after the load stops, so the outbox and the timelines are read in one snapshot, each
 * subscriber is given up to `catchUpMs` to reach the snapshot's last cursor for its user, and only
 * what it received up to that cursor is compared.
 */
export async function deliveryFigures(sql: postgres.Sql, traffic: Traffic, bettors: Bettor[], endpoint: () => { name: string; url: string } | null, catchUpMs = 15_000): Promise<DeliveryFigures> {
  const userIds = bettors.map((b) => b.userId);
  const [outbox, timeline] = await sql.begin('isolation level repeatable read read only', async (tx) => [
    await tx`select id::text as cursor, user_id, payload->>'kind' as kind, payload->>'betId' as bet_id from outbox where topic = 'bets' and user_id = any(${userIds}::uuid[]) order by id`,
    await tx`select e.bet_id::text as bet_id, e.kind from bet_events e join bets b on b.id = e.bet_id where b.user_id = any(${userIds}::uuid[]) order by e.id`,
  ]);
  const lastOf = new Map<string, bigint>();
  for (const row of outbox) lastOf.set(row.user_id, BigInt(row.cursor));
  const behind = () => bettors.filter((b) => BigInt(b.subscriber.lastCursor ?? '0') < (lastOf.get(b.userId) ?? 0n));
  for (const deadline = Date.now() + catchUpMs; behind().length > 0 && Date.now() < deadline; ) await sleep(200);
  const figures: DeliveryFigures = {
    expected: outbox.length, received: 0, lost: 0, duplicated: 0, outOfOrder: 0, phantom: 0,
    streamNotTimeline: 0, outboxNotTimeline: 0, afterTerminal: 0, apiTimelineMismatch: 0, apiTimelineChecked: 0, samples: [],
  };
  const note = (sample: string) => figures.samples.length < 12 && figures.samples.push(sample);

  const timelineOf = new Map<string, string[]>();
  for (const row of timeline) timelineOf.set(row.bet_id, [...(timelineOf.get(row.bet_id) ?? []), row.kind]);
  const outboxOf = new Map<string, string[]>();
  for (const row of outbox) outboxOf.set(row.bet_id, [...(outboxOf.get(row.bet_id) ?? []), row.kind]);
  for (const [betId, kinds] of outboxOf) {
    if (!sameList(kinds, timelineOf.get(betId) ?? [])) {
      figures.outboxNotTimeline += 1;
      note(`bet ${betId}: outbox ${kinds.join('>')} vs timeline ${(timelineOf.get(betId) ?? []).join('>')}`);
    }
    const terminal = kinds.findIndex((k) => TERMINAL.has(k));
    if (terminal >= 0 && terminal < kinds.length - 1) {
      figures.afterTerminal += 1;
      note(`bet ${betId}: ${kinds.join('>')} (an update after ${kinds[terminal]})`);
    }
  }

  for (const bettor of bettors) {
    const expected = outbox.filter((r) => r.user_id === bettor.userId);
    const expectedCursors = new Set(expected.map((r) => r.cursor));
    const snapshotLast = lastOf.get(bettor.userId) ?? 0n;
    const received = bettor.subscriber.received.filter((u) => BigInt(u.cursor) <= snapshotLast);
    figures.received += received.length;
    const seen = new Set<string>();
    let highest = -1n;
    const streamOf = new Map<string, string[]>();
    for (const update of received) {
      if (seen.has(update.cursor)) {
        figures.duplicated += 1;
        continue;
      }
      seen.add(update.cursor);
      if (!expectedCursors.has(update.cursor)) figures.phantom += 1;
      if (BigInt(update.cursor) < highest) figures.outOfOrder += 1;
      if (BigInt(update.cursor) > highest) highest = BigInt(update.cursor);
      streamOf.set(update.betId, [...(streamOf.get(update.betId) ?? []), update.kind]);
    }
    const lost = expected.filter((r) => !seen.has(r.cursor));
    figures.lost += lost.length;
    if (lost.length > 0) note(`user ${bettor.index}: ${lost.length} of ${expected.length} updates never received (first cursor ${lost[0].cursor}, ${lost[0].kind}); subscribed ${bettor.subscriber.subscriptions} times, ended with ${JSON.stringify([...bettor.subscriber.endedWith])}`);
    for (const [betId, kinds] of streamOf) {
      if (sameList(kinds, timelineOf.get(betId) ?? [])) continue;
      figures.streamNotTimeline += 1;
      note(`bet ${betId}: stream ${kinds.join('>')} vs timeline ${(timelineOf.get(betId) ?? []).join('>')}`);
    }
  }

  // Bet.timeline as a client reads it, for a sample of bets: read after the snapshot, it may have
  // grown since, so the stored timeline must be where it begins.
  const withBets = bettors.flatMap((b) => [...new Set(b.subscriber.received.map((u) => u.betId))].filter((id) => timelineOf.has(id)).slice(0, 2).map((betId) => ({ bettor: b, betId })));
  for (const { bettor, betId } of withBets.slice(0, 40)) {
    const at = endpoint();
    if (!at) break;
    const answer = await traffic.gql(at, 'bet timeline', `query($id: ID!) { bet(id: $id) { timeline { kind } } }`, { id: betId }, bettor.token);
    const kinds = answer?.data?.bet?.timeline?.map((t: { kind: string }) => t.kind);
    if (!kinds) continue;
    figures.apiTimelineChecked += 1;
    const stored = timelineOf.get(betId) ?? [];
    if (!sameList(kinds.slice(0, stored.length), stored)) {
      figures.apiTimelineMismatch += 1;
      note(`bet ${betId}: Bet.timeline ${kinds.join('>')} vs stored ${(timelineOf.get(betId) ?? []).join('>')}`);
    }
  }
  return figures;
}

/** Percentiles of a list of numbers (nearest rank). */
export function percentiles(values: number[]): { n: number; p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
  return { n: sorted.length, p50: at(50), p99: at(99), max: sorted.at(-1) ?? 0 };
}

/**
 * How late each in-play decision was after its bet's acceptAt (the decision's timeline time), split
 * into bets whose decision window (acceptAt to acceptAt + `windowMs`, the target) lay in a quiet
 * stretch and bets whose window overlapped a fault or its recovery (a bet due just before both
 * instances are killed cannot be decided in time by anyone). Also the worst quiet ones, with when
 * they were due, to find what held them up.
 */
export async function decisionLateness(sql: postgres.Sql, disturbed: Array<{ fromMs: number; toMs: number }>, windowMs: number) {
  const rows = await sql`
    select (extract(epoch from b.accept_at) * 1000)::float8 as due_ms, (extract(epoch from e.at - b.accept_at) * 1000)::float8 as late_ms
    from bets b join bet_events e on e.bet_id = b.id and e.kind in ('ACCEPTED', 'REJECTED')
    where b.accept_at is not null`;
  const inFault = (dueMs: number) => disturbed.some((w) => dueMs <= w.toMs && dueMs + windowMs >= w.fromMs);
  const quiet = rows.filter((r) => !inFault(r.due_ms));
  return {
    steady: percentiles(quiet.map((r) => Math.max(0, r.late_ms))),
    faults: percentiles(rows.filter((r) => inFault(r.due_ms)).map((r) => Math.max(0, r.late_ms))),
    worst: quiet
      .sort((a, b) => b.late_ms - a.late_ms)
      .slice(0, 3)
      .map((r) => ({ dueMs: r.due_ms as number, lateMs: r.late_ms as number })),
  };
}
