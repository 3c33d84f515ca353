import type { BetStatus } from '../_gql/graphql';

/** What the labels read of a bet: the names of its selections. */
interface Named {
  legs: ReadonlyArray<{ selection: { name: string } }>;
}

/** Short status text for a badge. */
export function betStatusLabel(status: BetStatus): string {
  switch (status) {
    case 'PENDING':
      return 'Pending';
    case 'OPEN':
      return 'Open';
    case 'WON':
      return 'Won';
    case 'LOST':
      return 'Lost';
    case 'VOID':
      return 'Void';
    case 'CASHED_OUT':
      return 'Cashed out';
    case 'REJECTED':
      return 'Rejected';
  }
}

/** Pending and open bets are on the Open tab; everything else has been decided. */
export function isOpenStatus(status: BetStatus): boolean {
  return status === 'PENDING' || status === 'OPEN';
}

/** "Single" or "Accumulator (3)". */
export function betTypeLabel(bet: Named): string {
  return bet.legs.length === 1 ? 'Single' : `Accumulator (${bet.legs.length})`;
}

/** One line naming what the bet is on: the selection of a single, the legs of an accumulator. */
export function betTitle(bet: Named): string {
  if (bet.legs.length === 1) return bet.legs[0].selection.name;
  return bet.legs.map((leg) => leg.selection.name).join(' + ');
}

/**
 * What a bet's money line says: what it may return while open, and once decided what was actually
 * paid, named for what it was (a rejected or void bet's stake came back; it was not "returned 0.00").
 */
export function paidLine(bet: { status: BetStatus; stake: string; payout: string; potentialPayout: string }): { label: string; amount: string } {
  switch (bet.status) {
    case 'PENDING':
    case 'OPEN':
      return { label: 'To return', amount: bet.potentialPayout };
    case 'REJECTED':
      return { label: 'Stake returned', amount: bet.stake };
    case 'VOID':
      return { label: 'Stake returned', amount: bet.payout };
    case 'CASHED_OUT':
      return { label: 'Cashed out for', amount: bet.payout };
    case 'WON':
    case 'LOST':
      return { label: 'Paid', amount: bet.payout };
  }
}
