'use client';

import { useApolloClient, useSubscription } from '@apollo/client/react';
import { useCallback, useEffect } from 'react';
import { EVENT_PAGE, ODDS_CHANGED } from '../_live/operations';
import { useRestartOnError } from '../_live/use-live-event';
import { useResyncOnConnect } from '../_live/use-resync';
import { useSlip } from './slip-context';

/**
 * Keeps the picks of one event current: follows `oddsChanged` and re-reads the event over HTTP
 * after every (re)connect, and when it first mounts, because a saved slip may be hours old.
 * Reports when that first read is done (the e2e tests wait for it before moving prices).
 */
export function SlipEventWatcher({ eventId, onReady }: { eventId: string; onReady: (eventId: string, ready: boolean) => void }) {
  const client = useApolloClient();
  const { dispatch } = useSlip();

  const retry = useRestartOnError();
  const odds = useSubscription(ODDS_CHANGED, {
    variables: { eventId },
    fetchPolicy: 'no-cache',
    ignoreResults: true,
    onData: ({ data }) => {
      retry.onData();
      const payload = data.data?.oddsChanged;
      if (payload) dispatch({ type: 'markets', eventId, markets: payload.markets, complete: false });
    },
    onError: retry.onError,
  });
  retry.restartRef.current = odds.restart;

  const sync = useCallback(async () => {
    const { data } = await client.query({ query: EVENT_PAGE, variables: { id: eventId }, fetchPolicy: 'no-cache' });
    if (!data?.event) dispatch({ type: 'eventGone', eventId });
    else dispatch({ type: 'markets', eventId, markets: data.event.markets, complete: true });
  }, [client, dispatch, eventId]);
  const ready = useResyncOnConnect(sync);

  useEffect(() => {
    onReady(eventId, ready);
    return () => onReady(eventId, false);
  }, [eventId, ready, onReady]);
  return null;
}
