'use client';

import { useSubscription } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { retryDelayMs } from './apollo-client';
import { applyEventPatch, applyMarkets } from './merge';
import { EVENT_UPDATED, ODDS_CHANGED } from './operations';
import type { EventPatch, LiveEventState } from './types';

type Update = (state: LiveEventState) => LiveEventState;

/**
 * Re-subscribes after a subscription error (a fatal socket close, a resolver error) with the same
 * jittered backoff the socket uses, instead of leaving the island silently frozen.
 */
export function useRestartOnError() {
  const attempts = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const restartRef = useRef<() => void>(() => {});
  const onError = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => restartRef.current(), retryDelayMs(attempts.current++));
  }, []);
  const onData = useCallback(() => {
    attempts.current = 0;
  }, []);
  return { restartRef, onError, onData };
}

/**
 * Keeps one event live: starts from the server-rendered state, applies `oddsChanged` and
 * `eventUpdated` as they arrive, and starts over whenever the server renders new props (a router
 * refresh). `addUnknownMarkets` adds markets that appear later (the event page); a lobby row
 * keeps only its main market.
 */
export function useLiveEvent(initial: LiveEventState, options: { addUnknownMarkets: boolean }) {
  const [base, setBase] = useState(initial);
  const [state, setState] = useState(initial);
  if (base !== initial) {
    // New props from a server render replace whatever the island had: they are newer.
    setBase(initial);
    setState(initial);
  }

  // While a re-sync is in flight, updates are also recorded here, to be replayed on top of the
  // snapshot: anything that arrives after the request was sent may be newer than what it reads.
  const pending = useRef<Update[] | null>(null);
  const apply = useCallback((update: Update) => {
    pending.current?.push(update);
    setState(update);
  }, []);

  const eventId = initial.event.id;
  const { addUnknownMarkets } = options;

  const oddsRetry = useRestartOnError();
  const odds = useSubscription(ODDS_CHANGED, {
    variables: { eventId },
    fetchPolicy: 'no-cache',
    ignoreResults: true,
    onData: ({ data }) => {
      oddsRetry.onData();
      const payload = data.data?.oddsChanged;
      if (!payload) return;
      apply((s) => applyMarkets(applyEventPatch(s, payload.event), payload.markets, addUnknownMarkets));
    },
    onError: oddsRetry.onError,
  });
  oddsRetry.restartRef.current = odds.restart;

  const eventRetry = useRestartOnError();
  const updates = useSubscription(EVENT_UPDATED, {
    variables: { eventId },
    fetchPolicy: 'no-cache',
    ignoreResults: true,
    onData: ({ data }) => {
      eventRetry.onData();
      const payload = data.data?.eventUpdated;
      if (payload) apply((s) => applyEventPatch(s, payload));
    },
    onError: eventRetry.onError,
  });
  eventRetry.restartRef.current = updates.restart;

  const syncSeq = useRef(0);
  /** Replaces the state with a fresh snapshot, replaying updates that arrived meanwhile. */
  const resync = useCallback(async (load: () => Promise<LiveEventState | null>): Promise<void> => {
    const seq = ++syncSeq.current;
    pending.current = [];
    try {
      const snapshot = await load();
      if (seq !== syncSeq.current || !snapshot) return;
      const replay = pending.current ?? [];
      setState(() => replay.reduce((s, update) => update(s), snapshot));
    } finally {
      if (seq === syncSeq.current) pending.current = null;
    }
  }, []);

  /** Applies a change heard elsewhere (a room's participant count), as if an update had carried it. */
  const patchEvent = useCallback((patch: EventPatch) => apply((s) => applyEventPatch(s, patch)), [apply]);

  return { state, resync, patchEvent };
}
