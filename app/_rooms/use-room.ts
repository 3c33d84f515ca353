'use client';

import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useViewer } from '../_account/viewer-context';
import type { EventActivitySubscription, MarketCard_MarketFragment } from '../_gql/graphql';
import { useLiveSubscription } from '../_live/use-live-subscription';
import { useResyncOnConnect } from '../_live/use-resync';
import { EventActivityDocument, RoomChallengesDocument, RoomDocument, RoomPeopleDocument, type ChallengeNode, type ChatMessageNode, type RoomEvent } from './operations';
import { EMPTY_ROOM, roomReducer, type RoomAction, type RoomState } from './room-state';

export interface Room {
  state: RoomState;
  /** True once the room has been read after connecting (the e2e tests wait for it). */
  ready: boolean;
  dispatch(action: RoomAction): void;
  /** Reads the challenges again (after this tab offered, took or cancelled one). */
  refetchChallenges(): Promise<void>;
}

/**
 * One event's room: chat, bets by others, participants, challenges and money per selection. It is
 * read over HTTP on every (re)connect and then follows `eventActivity` (which also counts this tab
 * in the room). Challenge and participant messages say only that something changed, so the
 * challenges and the people are read again when they arrive. Odds history grows from the markets
 * the page already follows. It starts from the server's read of the room (`initial`), so the first
 * paint shows the room rather than "Loading…"; the read on connecting replaces it.
 */
export function useRoom({
  eventId,
  markets,
  initial,
  onLiveChat,
}: {
  eventId: string;
  markets: readonly MarketCard_MarketFragment[];
  /** The room as the server read it for the page (null: empty until the first read). */
  initial: RoomEvent | null;
  /** A message arrived live (for the unread badge). */
  onLiveChat?: (message: ChatMessageNode) => void;
}): Room {
  const client = useApolloClient();
  const { viewer, refresh } = useViewer();
  const [state, setState] = useState<RoomState>(() => (initial ? roomReducer(EMPTY_ROOM, { type: 'snapshot', data: initial }) : EMPTY_ROOM));

  // While the room is being read, changes are also recorded here, to be replayed on top of what
  // the read returns: anything that arrives after the request was sent may be newer.
  const pending = useRef<RoomAction[] | null>(null);
  const dispatch = useCallback((action: RoomAction) => {
    pending.current?.push(action.type === 'bet' ? { ...action, replay: true } : action);
    setState((current) => roomReducer(current, action));
  }, []);

  const syncSeq = useRef(0);
  const sync = useCallback(async () => {
    const seq = ++syncSeq.current;
    pending.current = [];
    try {
      const { data } = await client.query({ query: RoomDocument, variables: { id: eventId }, fetchPolicy: 'network-only' });
      const event = data?.event;
      if (seq !== syncSeq.current || !event) return;
      const replay = pending.current ?? [];
      // The participant count comes with the event's own re-sync (EventLive) and live pushes.
      setState(() => replay.reduce(roomReducer, roomReducer(EMPTY_ROOM, { type: 'snapshot', data: event })));
    } finally {
      if (seq === syncSeq.current) pending.current = null;
    }
  }, [client, eventId]);
  const ready = useResyncOnConnect(sync);

  const challengesSeq = useRef(0);
  /** Reads the challenges; resolves with them, or null when the read failed or a newer one won. */
  const loadChallenges = useCallback(async (): Promise<ChallengeNode[] | null> => {
    const seq = ++challengesSeq.current;
    try {
      const { data } = await client.query({ query: RoomChallengesDocument, variables: { id: eventId }, fetchPolicy: 'network-only' });
      if (seq !== challengesSeq.current || !data?.event) return null;
      dispatch({ type: 'challenges', list: data.event.challenges });
      return data.event.challenges;
    } catch {
      return null; // The next change or reconnect reads them again.
    }
  }, [client, eventId, dispatch]);
  const refetchChallenges = useCallback(async () => void (await loadChallenges()), [loadChallenges]);

  const peopleSeq = useRef(0);
  const refetchPeople = useCallback(async () => {
    const seq = ++peopleSeq.current;
    try {
      const { data } = await client.query({ query: RoomPeopleDocument, variables: { id: eventId }, fetchPolicy: 'network-only' });
      // Only the names: the count pushed with the change is fresher than a read (counts are cached).
      if (seq === peopleSeq.current && data?.event) dispatch({ type: 'joiners', list: data.event.recentJoiners });
    } catch {
      // As above.
    }
  }, [client, eventId, dispatch]);

  // Whose challenges are whose depends on the viewer: signing in or out reads them again.
  const viewerId = viewer?.id ?? null;
  const seenViewer = useRef(viewerId);
  useEffect(() => {
    if (seenViewer.current === viewerId) return;
    seenViewer.current = viewerId;
    void loadChallenges();
  }, [viewerId, loadChallenges]);

  // Escrowed stakes move with challenges; the header balance follows the viewer's own.
  const onChallengeActivity = useCallback(
    async (id: string) => {
      const list = await loadChallenges();
      const challenge = list?.find((c) => c.id === id);
      if (viewerId && (!challenge || challenge.mine || challenge.takenByMe)) void refresh();
    },
    [loadChallenges, refresh, viewerId],
  );

  const latestOnLiveChat = useRef(onLiveChat);
  latestOnLiveChat.current = onLiveChat;
  const handle = useCallback(
    (activity: EventActivitySubscription['eventActivity']) => {
      switch (activity.__typename) {
        case 'ChatMessage':
          dispatch({ type: 'chat', message: activity });
          latestOnLiveChat.current?.(activity);
          return;
        case 'BetActivity':
          dispatch({ type: 'bet', activity });
          return;
        case 'ParticipantsChanged':
          // The count lives on the event in the cache, where the header and the tab badge read it.
          client.cache.modify({ id: client.cache.identify({ __typename: 'Event', id: eventId }), fields: { participants: () => activity.count } });
          void refetchPeople();
          return;
        case 'ChallengeActivity':
          void onChallengeActivity(activity.id);
          return;
      }
    },
    [dispatch, client, eventId, refetchPeople, onChallengeActivity],
  );

  useLiveSubscription(EventActivityDocument, { variables: { eventId }, onData: (data) => handle(data.eventActivity) });

  // Every price the page hears becomes a point on its selection's chart.
  useEffect(() => {
    const selections = markets.flatMap((market) => market.selections.map((s) => ({ id: s.id, odds: s.odds })));
    dispatch({ type: 'odds', selections, at: new Date().toISOString() });
  }, [markets, dispatch]);

  return { state, ready, dispatch, refetchChallenges };
}
