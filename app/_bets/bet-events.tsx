'use client';

import { useSubscription } from '@apollo/client/react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useViewer } from '../_account/viewer-context';
import { retryDelayMs } from '../_live/apollo-client';
import { useConnection } from '../_live/connection';
import { graphqlErrorCode } from '../_live/graphql-errors';
import { useToast, type ToastInput } from '../_toasts/toasts';
import { createCursorStore, type CursorStore } from './bet-cursor';
import { betTitle } from './bet-labels';
import { BET_UPDATED, fromBetNode, type BetUpdatedData } from './operations';
import type { BetUpdateKind, LiveBet } from './types';

export interface BetEvent {
  kind: BetUpdateKind;
  bet: LiveBet;
  /** The update's cursor: increasing per viewer, unique. */
  cursor: string;
}

/** Returns true when it showed its own toast for the update (the ticket does for cashouts). */
type Listener = (event: BetEvent) => boolean | void;

/** Reads the bets an island shows again, when updates may have been missed for good. */
type ResyncListener = () => void;

interface BetEventsValue {
  subscribe(listener: Listener): () => void;
  subscribeResync(listener: ResyncListener): () => void;
}

const BetEventsContext = createContext<BetEventsValue | null>(null);

/**
 * The tab's one `betUpdated` subscription, while someone is signed in. Every update refreshes the
 * header balance, may raise a toast, and is handed to the islands that show bets (the ticket, the
 * bets list) through `useBetEvents`. It resumes without gaps: see BetUpdates.
 */
export function BetEventsProvider({ children }: { children: ReactNode }) {
  const { viewer } = useViewer();
  const listeners = useRef(new Set<Listener>());
  const resyncListeners = useRef(new Set<ResyncListener>());
  const value = useMemo<BetEventsValue>(
    () => ({
      subscribe(listener) {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
      subscribeResync(listener) {
        resyncListeners.current.add(listener);
        return () => resyncListeners.current.delete(listener);
      },
    }),
    [],
  );
  return (
    <BetEventsContext.Provider value={value}>
      {/* Keyed by user: a different viewer starts afresh, from their own stored cursor. */}
      {viewer && <BetUpdates key={viewer.id} viewerId={viewer.id} listeners={listeners.current} resyncListeners={resyncListeners.current} />}
      {children}
    </BetEventsContext.Provider>
  );
}

function useBetEventsContext(): BetEventsValue {
  const context = useContext(BetEventsContext);
  if (!context) throw new Error('useBetEvents must be used inside <BetEventsProvider>.');
  return context;
}

/**
 * Calls `listener` with every bet update of the signed-in viewer while the caller is mounted. A
 * listener that returns true has told the bettor itself, and the generic toast is not shown.
 */
export function useBetEvents(listener: Listener): void {
  const context = useBetEventsContext();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => context.subscribe((event) => latest.current(event)), [context]);
}

/**
 * Calls `resync` when the server could not replay what the tab missed (CURSOR_EXPIRED): the
 * island must read its bets again, because some updates will never arrive.
 */
export function useBetsResync(resync: ResyncListener): void {
  const context = useBetEventsContext();
  const latest = useRef(resync);
  latest.current = resync;
  useEffect(() => context.subscribeResync(() => latest.current()), [context]);
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

/**
 * Keeps the viewer's bet updates flowing without gaps. The subscription lives only while the
 * socket is connected and starts afresh on every connection, from the last cursor the tab has seen
 * (`betUpdated(after:)`), so whatever happened while the socket was down (or the page was being
 * reloaded: the cursor is in sessionStorage) is replayed in order. graphql-ws would re-send the
 * old subscription on a new socket with the cursor it started from; unmounting it while the
 * socket is down avoids that. Updates already seen are dropped by cursor. A cursor past the
 * server's retention ends with CURSOR_EXPIRED: the islands read their bets again and the
 * subscription starts over without `after`.
 */
function BetUpdates({ viewerId, listeners, resyncListeners }: { viewerId: string; listeners: Set<Listener>; resyncListeners: Set<ResyncListener> }) {
  const { refresh } = useViewer();
  const toast = useToast();
  const { state, epoch } = useConnection();
  const [store] = useState<CursorStore>(() => createCursorStore(viewerId));
  const [generation, setGeneration] = useState(0);
  const attempts = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const balanceTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(
    () => () => {
      clearTimeout(retryTimer.current);
      clearTimeout(balanceTimer.current);
    },
    [],
  );

  const refreshBalance = useCallback(() => {
    clearTimeout(balanceTimer.current);
    balanceTimer.current = setTimeout(() => void refresh(), BALANCE_REFRESH_MS);
  }, [refresh]);

  // The balance may have moved while the socket was down for reasons other than bets (a deposit
  // in another tab), so it is read again after every reconnect.
  const mountEpoch = useRef(epoch);
  useEffect(() => {
    if (state !== 'connected' || epoch === mountEpoch.current) return;
    mountEpoch.current = epoch;
    refreshBalance();
  }, [state, epoch, refreshBalance]);

  const onUpdate = useCallback(
    (update: BetUpdatedData['betUpdated']) => {
      attempts.current = 0;
      if (!store.accept(update.cursor)) return;
      const event: BetEvent = { kind: update.kind, bet: fromBetNode(update.bet), cursor: update.cursor };
      let told = false;
      for (const listener of [...listeners]) if (listener(event) === true) told = true;
      refreshBalance();
      const message = told ? null : toastFor(event);
      if (message) toast(message);
    },
    [store, listeners, refreshBalance, toast],
  );

  const onEnded = useCallback(
    (error: unknown) => {
      clearTimeout(retryTimer.current);
      if (graphqlErrorCode(error) === 'CURSOR_EXPIRED') {
        // Some updates are gone for good: read everything again and start from now.
        store.clear();
        for (const listener of [...resyncListeners]) listener();
        refreshBalance();
        setGeneration((g) => g + 1);
        return;
      }
      // An expired session ends the subscription with UNAUTHENTICATED: re-reading the viewer then
      // signs the header out, which unmounts this component. Anything else is tried again later.
      if (error) void refresh();
      retryTimer.current = setTimeout(() => setGeneration((g) => g + 1), retryDelayMs(attempts.current++));
    },
    [store, resyncListeners, refresh, refreshBalance],
  );

  if (state !== 'connected') return null;
  return <BetUpdateStream key={`${epoch}:${generation}`} after={store.last} onUpdate={onUpdate} onEnded={onEnded} />;
}

/** One `betUpdated` subscription, from the cursor it was mounted with. */
function BetUpdateStream({
  after,
  onUpdate,
  onEnded,
}: {
  after: string | null;
  onUpdate: (update: BetUpdatedData['betUpdated']) => void;
  onEnded: (error: unknown) => void;
}) {
  // Fixed at mount: a new cursor means a new subscription, which the parent makes by re-keying.
  const [variables] = useState(() => ({ after }));
  const ended = useRef(false);
  const end = (error: unknown) => {
    if (ended.current) return;
    ended.current = true;
    onEnded(error);
  };
  useSubscription(BET_UPDATED, {
    variables,
    fetchPolicy: 'no-cache',
    ignoreResults: true,
    onData: ({ data }) => {
      const update = data.data?.betUpdated;
      if (update) onUpdate(update);
    },
    onError: (error) => end(error),
    onComplete: () => end(null),
  });
  return null;
}
