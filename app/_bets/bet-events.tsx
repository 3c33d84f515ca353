'use client';

import { useSubscription } from '@apollo/client/react';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useViewer } from '../_account/viewer-context';
import { useConnection } from '../_live/connection';
import { useRestartOnError } from '../_live/use-live-event';
import { useToast, type ToastInput } from '../_toasts/toasts';
import { betTitle } from './bet-labels';
import { BET_UPDATED, fromBetNode } from './operations';
import type { BetUpdateKind, LiveBet } from './types';

export interface BetEvent {
  kind: BetUpdateKind;
  bet: LiveBet;
}

/** Returns true when it showed its own toast for the update (the ticket does for cashouts). */
type Listener = (event: BetEvent) => boolean | void;

interface BetEventsValue {
  subscribe(listener: Listener): () => void;
}

const BetEventsContext = createContext<BetEventsValue | null>(null);

/**
 * The tab's one `betUpdated` subscription, while someone is signed in. Every update refreshes the
 * header balance, may raise a toast, and is handed to the islands that show bets (the ticket, the
 * bets list) through `useBetEvents`.
 */
export function BetEventsProvider({ children }: { children: ReactNode }) {
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
      {/* Keyed by user: a different viewer starts a fresh subscription with no cursor. */}
      {viewer && <BetUpdates key={viewer.id} listeners={listeners.current} />}
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
      const prefix = kind === 'RESETTLED' ? 'Bet resettled: ' : 'Bet ';
      if (bet.status === 'WON') return { kind: 'success', tag: 'bet-settled', title: `${prefix}won ${bet.payout}`, body: what, ...link };
      if (bet.status === 'VOID') return { kind: 'info', tag: 'bet-settled', title: `${prefix}void`, body: `${what} · stake ${bet.stake} returned`, ...link };
      return { kind: 'info', tag: 'bet-settled', title: `${prefix}${bet.status === 'LOST' ? 'lost' : bet.status.toLowerCase()}`, body: what, ...link };
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

function BetUpdates({ listeners }: { listeners: Set<Listener> }) {
  const { refresh } = useViewer();
  const toast = useToast();
  const seen = useRef(new Set<string>());
  const lastCursor = useRef<string | null>(null);
  const [after, setAfter] = useState<string | null>(null);

  // graphql-ws re-sends the subscription on a new socket by itself, but with the cursor it
  // started from; resuming from the last cursor seen replays exactly what was missed meanwhile.
  const { epoch } = useConnection();
  const mountEpoch = useRef(epoch);
  useEffect(() => {
    if (epoch === mountEpoch.current) return;
    mountEpoch.current = epoch;
    setAfter(lastCursor.current);
    void refresh();
  }, [epoch, refresh]);

  const retry = useRestartOnError();
  const subscription = useSubscription(BET_UPDATED, {
    variables: { after },
    fetchPolicy: 'no-cache',
    ignoreResults: true,
    onData: ({ data }) => {
      retry.onData();
      const update = data.data?.betUpdated;
      // A replay after a reconnect may repeat what the old subscription already delivered.
      if (!update || seen.current.has(update.cursor)) return;
      seen.current.add(update.cursor);
      lastCursor.current = update.cursor;
      const event: BetEvent = { kind: update.kind, bet: fromBetNode(update.bet) };
      let told = false;
      for (const listener of [...listeners]) if (listener(event) === true) told = true;
      void refresh();
      const message = told ? null : toastFor(event);
      if (message) toast(message);
    },
    onError: () => {
      // An expired session ends the subscription with UNAUTHENTICATED: re-reading the viewer
      // then signs the header out, which unmounts this component.
      void refresh();
      retry.onError();
    },
  });
  retry.restartRef.current = subscription.restart;
  return null;
}
