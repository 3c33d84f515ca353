'use client';

import { useApolloClient } from '@apollo/client/react';
import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useViewer } from '../_account/viewer-context';
import type { BetUpdatedSubscription } from '../_gql/graphql';
import { useConnection } from '../_live/connection';
import { fullJitterDelayMs } from '../_live/full-jitter';
import { graphqlErrorCode } from '../_live/graphql-errors';
import { useLiveSubscription } from '../_live/use-live-subscription';
import { useToast, type ToastInput } from '../_toasts/toasts';
import { placeInBetLists } from './bet-lists-cache';
import { betTitle } from './bet-labels';
import { BetUpdatedDocument } from './operations';
import { readStoredCursor, storeCursor } from './stored-cursor';

/** One bet update as the subscription delivers it (the bet is in the cache by the time listeners hear it). */
export type BetEvent = BetUpdatedSubscription['betUpdated'];

/** Returns true when it showed its own toast for the update (the ticket does for cashouts). */
type Listener = (event: BetEvent) => boolean | void;

interface BetEventsValue {
  subscribe(listener: Listener): () => void;
}

const BetEventsContext = createContext<BetEventsValue | null>(null);

/**
 * The tab's one `betUpdated` subscription, while someone is signed in. Each update lands in the
 * cache (`Bet:<id>`, and the bet lists it now belongs to), refreshes the header balance, may raise
 * a toast, and is handed to islands that react to it (`useBetEvents`). It resumes without gaps or
 * repeats: the live socket resubscribes from the last cursor it delivered, and a reload resumes
 * from the cursor kept in sessionStorage.
 */
export function BetEventsProvider({ initialCursor, children }: { initialCursor: string | null; children: ReactNode }) {
  const { viewer } = useViewer();
  const listeners = useRef(new Set<Listener>());
  const value = useMemo<BetEventsValue>(
    () => ({
      subscribe(listener) {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [],
  );
  return (
    <BetEventsContext.Provider value={value}>
      {/* Keyed by user: a different viewer starts afresh, from their own stored cursor. */}
      {viewer && <BetUpdates key={viewer.id} viewerId={viewer.id} initialCursor={initialCursor} listeners={listeners.current} />}
      {children}
    </BetEventsContext.Provider>
  );
}

/**
 * Calls `listener` with every bet update of the signed-in viewer while the caller is mounted. A
 * listener that returns true has told the bettor itself, and the generic toast is not shown.
 */
export function useBetEvents(listener: Listener): void {
  const context = useContext(BetEventsContext);
  if (!context) throw new Error('useBetEvents must be used inside <BetEventsProvider>.');
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => context.subscribe((event) => latest.current(event)), [context]);
}

function toastFor({ kind, bet }: BetEvent): ToastInput | null {
  const link = { href: `/bets/${bet.id}`, linkText: 'View bet' };
  const what = betTitle(bet);
  switch (kind) {
    case 'ACCEPTED':
      return { kind: 'success', tag: 'bet-accepted', title: 'Bet accepted', body: `${what} · ${bet.stake} at ${bet.odds}`, ...link };
    case 'REJECTED':
      return {
        kind: 'error',
        tag: 'bet-rejected',
        title: 'Bet rejected',
        body: `${bet.rejectionReason ?? 'The bet could not be accepted.'} Your stake of ${bet.stake} was returned.`,
        ...link,
      };
    case 'SETTLED':
    case 'RESETTLED': {
      // A resettlement reopens the bet (the market is settled again later); a replayed SETTLED
      // carries the bet as it is now, which may be open again too.
      if (bet.status === 'OPEN' || bet.status === 'PENDING') {
        return { kind: 'info', tag: 'bet-resettled', title: 'Bet reopened', body: `${what} · the result was corrected and the bet is open again`, ...link };
      }
      const prefix = kind === 'RESETTLED' ? 'Bet resettled: ' : 'Bet ';
      if (bet.status === 'WON') return { kind: 'success', tag: 'bet-settled', title: `${prefix}won ${bet.payout}`, body: what, ...link };
      if (bet.status === 'VOID') return { kind: 'info', tag: 'bet-settled', title: `${prefix}void`, body: `${what} · stake ${bet.stake} returned`, ...link };
      return { kind: 'info', tag: 'bet-settled', title: `${prefix}${bet.status === 'LOST' ? 'lost' : bet.status.toLowerCase().replace('_', ' ')}`, body: what, ...link };
    }
    case 'CASHED_OUT':
    case 'PARTIALLY_CASHED_OUT':
      return { kind: 'success', tag: 'bet-cashed-out', title: kind === 'CASHED_OUT' ? 'Bet cashed out' : 'Part of the bet cashed out', body: what, ...link };
    case 'PLACED':
    case 'LEG_UPDATED':
      // The slip that placed the bet says so itself; leg changes show on the ticket.
      return null;
  }
}

/** How soon after an update the balance is read again; a replay of many updates reads it once. */
const BALANCE_REFRESH_MS = 100;
/** Waits before subscribing again after the server ended the subscription with an error. */
const RESTART_BACKOFF = { baseMs: 1000, capMs: 30_000 };

/**
 * Keeps the viewer's bet updates flowing. The live socket owns reconnects and resumption; what is
 * left here is what the server can end: CURSOR_EXPIRED (the cursor is past the server's retention)
 * and CURSOR_INVALID (not a cursor the server gave this viewer), after which the cached bets are
 * read again and the subscription starts over without `after`; and an expired
 * session (re-reading the viewer signs the header out, which unmounts this).
 */
function BetUpdates({ viewerId, initialCursor, listeners }: { viewerId: string; initialCursor: string | null; listeners: Set<Listener> }) {
  const client = useApolloClient();
  const router = useRouter();
  const { refresh } = useViewer();
  const toast = useToast();
  const { state, epoch } = useConnection();
  // Where this tab left off (a reload), else where the viewer's updates stood when the page was
  // rendered: either way the live socket resumes from a cursor, even before the first update.
  const [after, setAfter] = useState<string | null>(() => (typeof window === 'undefined' ? null : (readStoredCursor(viewerId) ?? initialCursor)));
  const [paused, setPaused] = useState(false);
  const failures = useRef(0);

  const balanceTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(balanceTimer.current), []);
  const refreshBalance = useCallback(() => {
    clearTimeout(balanceTimer.current);
    balanceTimer.current = setTimeout(() => void refresh(), BALANCE_REFRESH_MS);
  }, [refresh]);

  // The balance may have moved while the socket was down for reasons other than bets (a deposit
  // in another tab), so it is read again after every reconnect.
  const seenEpoch = useRef(epoch);
  useEffect(() => {
    if (state !== 'connected' || epoch === seenEpoch.current) return;
    const first = seenEpoch.current === 0;
    seenEpoch.current = epoch;
    if (!first) refreshBalance();
  }, [state, epoch, refreshBalance]);

  useLiveSubscription(BetUpdatedDocument, {
    variables: { after },
    skip: paused,
    onData: ({ betUpdated: update }) => {
      failures.current = 0;
      storeCursor(viewerId, update.cursor);
      placeInBetLists(client.cache, viewerId, update.bet);
      let told = false;
      for (const listener of [...listeners]) if (listener(update) === true) told = true;
      refreshBalance();
      const message = told ? null : toastFor(update);
      if (message) toast(message);
    },
    onEnded: (error) => {
      const code = graphqlErrorCode(error);
      if (code === 'CURSOR_EXPIRED' || code === 'CURSOR_INVALID') {
        // Some updates are gone for good (or the stored cursor is not one the server gave, e.g.
        // after its data was reset): the server renders the page again (its data replaces the
        // cached one) and the subscription starts from now.
        storeCursor(viewerId, null);
        setAfter(null);
        router.refresh();
        refreshBalance();
        return;
      }
      if (error) void refresh();
      setPaused(true);
      setTimeout(() => setPaused(false), fullJitterDelayMs(failures.current++, RESTART_BACKOFF));
    },
  });
  return null;
}
