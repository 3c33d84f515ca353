import type { BetStatus, LiveBet } from './types';

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

/** "Single" or "Accumulator (3)". */
export function betTypeLabel(bet: Pick<LiveBet, 'legs'>): string {
  return bet.legs.length === 1 ? 'Single' : `Accumulator (${bet.legs.length})`;
}

/** One line naming what the bet is on: the selection of a single, the legs of an accumulator. */
export function betTitle(bet: Pick<LiveBet, 'legs'>): string {
  if (bet.legs.length === 1) return bet.legs[0].selectionName;
  return bet.legs.map((leg) => leg.selectionName).join(' + ');
}
