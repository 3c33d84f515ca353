import type { BetStatus, BetTicket_BetFragment, BetUpdateKind } from '../_gql/graphql';

/** One update in the life of a bet, as the ticket's fragment reads it. */
export type BetTimelineEntry = BetTicket_BetFragment['timeline'][number];

/** What the timeline reads of the bet itself. */
type TimelineBet = Pick<BetTicket_BetFragment, 'status' | 'payout' | 'stake' | 'rejectionReason'>;

/** What a settlement paid: the bet's result and payout just after it. */
export interface SettlementSnapshot {
  status: Extract<BetStatus, 'WON' | 'LOST' | 'VOID'>;
  payout: string;
  stake: string;
}

export type TimelineTone = 'neutral' | 'success' | 'error' | 'warn';

/** One line of a ticket's timeline in words. */
export interface TimelineLine {
  key: string;
  kind: BetUpdateKind;
  at: string;
  title: string;
  detail: string | null;
  tone: TimelineTone;
}

function isSettled(status: BetStatus): status is SettlementSnapshot['status'] {
  return status === 'WON' || status === 'LOST' || status === 'VOID';
}

/** A timeline entry's key: kinds can repeat, times can too, positions cannot. */
export function entryKey(entry: BetTimelineEntry, index: number): string {
  return `${index}:${entry.kind}:${entry.at}`;
}

/**
 * The settlement in force: the last SETTLED entry when nothing undid it and the bet is settled
 * now, with what the bet shows. Null for a bet that is open, cashed out or not yet settled.
 */
export function currentSettlement(entries: readonly BetTimelineEntry[], bet: TimelineBet): { key: string; snapshot: SettlementSnapshot } | null {
  if (!isSettled(bet.status)) return null;
  for (let i = entries.length - 1; i >= 0; i--) {
    const kind = entries[i].kind;
    if (kind === 'SETTLED') return { key: entryKey(entries[i], i), snapshot: { status: bet.status, payout: bet.payout, stake: bet.stake } };
    if (kind === 'RESETTLED') return null;
  }
  return null;
}

function outcome(snapshot: SettlementSnapshot): string {
  switch (snapshot.status) {
    case 'WON':
      return `won ${snapshot.payout}`;
    case 'LOST':
      return 'lost';
    case 'VOID':
      return `void, ${snapshot.stake} returned`;
  }
}

function reversal(snapshot: SettlementSnapshot | null): string {
  if (!snapshot) return 'The earlier result was reversed.';
  switch (snapshot.status) {
    case 'WON':
      return `The ${snapshot.payout} payout was taken back.`;
    case 'LOST':
      return 'The loss was reversed.';
    case 'VOID':
      return `The ${snapshot.stake} refund was taken back.`;
  }
}

/**
 * A bet's timeline in words. Entries carry only a kind and a time, so what each settlement paid
 * comes from the bet itself (the settlement in force) or from `known`: settlements this page saw
 * while they were in force, keyed by entry (see `entryKey`).
 */
export function describeTimeline(entries: readonly BetTimelineEntry[], bet: TimelineBet, known: ReadonlyMap<string, SettlementSnapshot>): TimelineLine[] {
  const current = currentSettlement(entries, bet);
  let lastSettlement: SettlementSnapshot | null = null;
  let resettled = false;
  const lastIndex = entries.length - 1;
  return entries.map((entry, index) => {
    const key = entryKey(entry, index);
    const base = { key, kind: entry.kind, at: entry.at };
    switch (entry.kind) {
      case 'PLACED':
        return { ...base, title: 'Bet placed', detail: null, tone: 'neutral' };
      case 'ACCEPTED':
        return { ...base, title: 'Accepted', detail: 'The in-play delay ended and the bet stands.', tone: 'neutral' };
      case 'REJECTED':
        return {
          ...base,
          title: 'Rejected',
          detail: `${bet.rejectionReason ?? 'The bet could not be accepted.'} The stake was returned.`,
          tone: 'error',
        };
      case 'LEG_UPDATED':
        return { ...base, title: 'Leg updated', detail: 'A market on this bet was settled or reopened.', tone: 'neutral' };
      case 'SETTLED': {
        const snapshot = current?.key === key ? current.snapshot : (known.get(key) ?? null);
        lastSettlement = snapshot;
        const prefix = resettled ? 'Settled again' : 'Settled';
        const tone: TimelineTone = snapshot?.status === 'WON' ? 'success' : snapshot?.status === 'LOST' ? 'error' : 'neutral';
        return {
          ...base,
          title: snapshot ? `${prefix}: ${outcome(snapshot)}` : prefix,
          detail: resettled ? 'The corrected result.' : null,
          tone,
        };
      }
      case 'RESETTLED': {
        const undone = lastSettlement;
        lastSettlement = null;
        resettled = true;
        const waiting = !entries.slice(index + 1).some((later) => later.kind === 'SETTLED');
        const detail = waiting ? `${reversal(undone)} The bet stays open until the market is settled again.` : reversal(undone);
        return { ...base, title: 'Resettled: result corrected, bet reopened', detail, tone: 'warn' };
      }
      case 'CASHED_OUT':
        return {
          ...base,
          title: index === lastIndex && bet.status === 'CASHED_OUT' ? `Cashed out for ${bet.payout}` : 'Cashed out',
          detail: null,
          tone: 'success',
        };
      case 'PARTIALLY_CASHED_OUT':
        return { ...base, title: 'Part of the stake cashed out', detail: null, tone: 'success' };
    }
  });
}
