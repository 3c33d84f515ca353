/**
 * The last `betUpdated` cursor this tab processed, per viewer, in sessionStorage, so a reload of
 * the tab resumes where it left off (`betUpdated(after:)` replays what came meanwhile).
 * sessionStorage is per tab, so two tabs keep their own places. Within a page the live socket
 * keeps the cursor itself (app/_live/live-socket.ts).
 */

/** Bump the version when the stored shape changes incompatibly. */
const STORAGE_PREFIX = 'sportsbook.betCursor.v1:';

/** The stored cursor of a viewer, or null. */
export function readStoredCursor(viewerId: string): string | null {
  try {
    const value = window.sessionStorage.getItem(STORAGE_PREFIX + viewerId);
    return value && value.length <= 64 ? value : null;
  } catch {
    return null; // Storage can be disabled; the cursor then lives as long as the page.
  }
}

/** Stores (or with null forgets) the viewer's cursor. */
export function storeCursor(viewerId: string, cursor: string | null): void {
  try {
    if (cursor === null) window.sessionStorage.removeItem(STORAGE_PREFIX + viewerId);
    else window.sessionStorage.setItem(STORAGE_PREFIX + viewerId, cursor);
  } catch {
    // Full or disabled storage: the live socket still covers reconnects of this page.
  }
}
