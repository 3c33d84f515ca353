/**
 * The last `betUpdated` cursor the tab has seen, per viewer: in memory, and in sessionStorage so a
 * reload of the tab resumes where it left off (`betUpdated(after:)` replays what came meanwhile).
 * sessionStorage is per tab, so two tabs keep their own places.
 */

/** Bump the version when the stored shape changes incompatibly. */
const STORAGE_PREFIX = 'sportsbook.betCursor.v1:';

/** How many delivered cursors are remembered for de-duplication when cursors are not numeric. */
const SEEN_KEPT = 500;

const DIGITS = /^\d{1,19}$/;

/**
 * -1, 0 or 1 as cursor `a` is older than, the same as or newer than `b`; null when they cannot be
 * ordered. The API documents cursors as opaque but increasing per viewer; today they are decimal
 * integers, which compare by length first and then digit by digit (no BigInt needed).
 */
export function compareCursors(a: string, b: string): -1 | 0 | 1 | null {
  if (!DIGITS.test(a) || !DIGITS.test(b)) return null;
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x === y ? 0 : x < y ? -1 : 1;
}

export interface CursorStore {
  /** The newest cursor delivered to this tab, or null before the first update. */
  readonly last: string | null;
  /**
   * Records a delivered cursor; false when it was delivered before (a replay overlapping what the
   * tab already had), which the caller then drops.
   */
  accept(cursor: string): boolean;
  /** Forgets the cursor (CURSOR_EXPIRED: the next subscription starts without `after`). */
  clear(): void;
}

function storageKey(viewerId: string): string {
  return `${STORAGE_PREFIX}${viewerId}`;
}

function readStored(viewerId: string): string | null {
  try {
    const value = window.sessionStorage.getItem(storageKey(viewerId));
    return value && value.length <= 64 ? value : null;
  } catch {
    return null; // Storage can be disabled; the cursor then lives as long as the page.
  }
}

function writeStored(viewerId: string, cursor: string | null): void {
  try {
    if (cursor === null) window.sessionStorage.removeItem(storageKey(viewerId));
    else window.sessionStorage.setItem(storageKey(viewerId), cursor);
  } catch {
    // Full or disabled storage: the in-memory cursor still covers reconnects of this page.
  }
}

/** The cursor store of one viewer in this tab, seeded from sessionStorage. */
export function createCursorStore(viewerId: string): CursorStore {
  let last = typeof window === 'undefined' ? null : readStored(viewerId);
  const seen = new Set<string>();
  return {
    get last() {
      return last;
    },
    accept(cursor) {
      if (seen.has(cursor)) return false;
      const order = last === null ? 1 : compareCursors(cursor, last);
      // An ordered cursor at or below the last one was delivered before (or before a reload).
      if (order !== null && order <= 0) return false;
      seen.add(cursor);
      if (seen.size > SEEN_KEPT) seen.delete(seen.values().next().value as string);
      last = cursor;
      writeStored(viewerId, cursor);
      return true;
    },
    clear() {
      last = null;
      seen.clear();
      writeStored(viewerId, null);
    },
  };
}
