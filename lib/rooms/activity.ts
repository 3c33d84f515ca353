/** What `activity:<eventId>` carries: one thing that happened in an event's room. */
export type ActivityMessage =
  | { type: 'BET'; id: string; selectionId: string; stakeBand: string; user: string; at: string; stats: SelectionStatsView }
  | { type: 'CHAT'; id: string; author: string; text: string; at: string }
  | { type: 'PARTICIPANTS'; count: number; at: string }
  | { type: 'CHALLENGE'; id: string; status: string; at: string };

export interface SelectionStatsView {
  selectionId: string;
  betCount: number;
  /** Minor units, as a string so it survives JSON. */
  totalStakedMinor: string;
}

/** Hides most of a username in public feeds: "alice" becomes "a***e". */
export function maskUsername(username: string): string {
  if (username.length <= 2) return `${username[0] ?? ''}***`;
  return `${username[0]}***${username[username.length - 1]}`;
}

const BANDS: Array<[bigint, string]> = [
  [500n, 'under 5'],
  [2000n, '5 to 20'],
  [10000n, '20 to 100'],
  [50000n, '100 to 500'],
];

/** A stake shown as a band, not exactly: others see the size of a bet, not its amount. */
export function stakeBand(stakeMinor: bigint): string {
  for (const [limit, label] of BANDS) if (stakeMinor < limit) return label;
  return '500 and over';
}
