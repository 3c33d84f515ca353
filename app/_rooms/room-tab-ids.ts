/**
 * The event page's tabs, in order. Kept apart from the client components so that the server page
 * can read `?tab=` with the same list.
 */
export const ROOM_TABS = ['betting', 'chat', 'challenges', 'participants', 'stats'] as const;

export type RoomTab = (typeof ROOM_TABS)[number];

export const ROOM_TAB_LABELS: Record<RoomTab, string> = {
  betting: 'Betting',
  chat: 'Chat',
  challenges: 'Challenges',
  participants: 'Participants',
  stats: 'Stats',
};

/** The tab a `?tab=` value names; Betting for anything else (or nothing). */
export function parseRoomTab(value: unknown): RoomTab {
  return typeof value === 'string' && (ROOM_TABS as readonly string[]).includes(value) ? (value as RoomTab) : 'betting';
}
