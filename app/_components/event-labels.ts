import type { EventStatus, MarketStatus } from '../_gql/graphql';

/** Short status text for a badge. */
export function statusLabel(status: EventStatus): string {
  switch (status) {
    case 'LIVE':
      return 'Live';
    case 'UPCOMING':
      return 'Upcoming';
    case 'FINISHED':
      return 'Finished';
    case 'CANCELLED':
      return 'Cancelled';
  }
}

/** The outcome of a finished event in words, e.g. "Arsenal won 2–1"; null while it is not over. */
export function resultText(event: { status: EventStatus; score: { home: number; away: number } | null; home: string; away: string }): string | null {
  if (event.status === 'CANCELLED') return 'This event was cancelled.';
  if (event.status !== 'FINISHED') return null;
  if (!event.score) return 'Finished.';
  const { home, away } = event.score;
  if (home === away) return `Draw ${home}–${away}`;
  return home > away ? `${event.home} won ${home}–${away}` : `${event.away} won ${away}–${home}`;
}

/** Market status as a badge text; null for an open market. */
export function marketBadge(status: MarketStatus): string | null {
  switch (status) {
    case 'OPEN':
      return null;
    case 'SUSPENDED':
      return 'Suspended';
    case 'SETTLED':
      return 'Settled';
    case 'VOID':
      return 'Void';
  }
}
