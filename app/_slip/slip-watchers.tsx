'use client';

import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect } from 'react';
import { graphql } from '../_gql';
import { useEventLive } from '../_live/use-event-live';
import { useResyncOnConnect } from '../_live/use-resync';
import { useSlip } from './slip-context';

/** What the slip needs of an event's picks: every market's selections with odds and statuses. */
const SlipEventDocument = graphql(`
  query SlipEvent($id: ID!) {
    event(id: $id) { id markets { id status selections { id odds status } } }
  }
`);

/**
 * Keeps the picks of one event current: follows its `oddsChanged` into the cache (shared with any
 * other view of the event) and reads the event again after every (re)connect, and when it first
 * mounts, because a saved slip may be hours old. Reports when that read is done (the e2e tests
 * wait for it before moving prices).
 */
export function SlipEventWatcher({ eventId, onReady }: { eventId: string; onReady: (eventId: string, ready: boolean) => void }) {
  const client = useApolloClient();
  const { dispatch } = useSlip();
  useEventLive(eventId, { event: false });

  const read = useCallback(async () => {
    const { data } = await client.query({ query: SlipEventDocument, variables: { id: eventId }, fetchPolicy: 'network-only' });
    const selectionIds = new Set(data?.event?.markets.flatMap((m) => m.selections.map((s) => s.id)) ?? []);
    dispatch({ type: 'eventRead', eventId, selectionIds });
  }, [client, dispatch, eventId]);
  const ready = useResyncOnConnect(read);

  useEffect(() => {
    onReady(eventId, ready);
    return () => onReady(eventId, false);
  }, [eventId, ready, onReady]);
  return null;
}
