'use client';

import { useApolloClient, useSubscription } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useViewer } from '../_account/viewer-context';
import type { EventPatch, LiveMarket } from '../_live/types';
import { useRestartOnError } from '../_live/use-live-event';
import { useResyncOnConnect } from '../_live/use-resync';
import { EVENT_ACTIVITY, ROOM, ROOM_CHALLENGES, ROOM_PEOPLE, type ChallengeNode, type ChatMessageNode, type EventActivityNode } from './operations';
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
 * the page already follows.
 */
export function useRoom({
  eventId,
  markets,
  patchEvent,
  onLiveChat,
}: {
  eventId: string;
  markets: readonly LiveMarket[];
  patchEvent: (patch: EventPatch) => void;
  /** A message arrived live (for the unread badge). */
  onLiveChat?: (message: ChatMessageNode) => void;
}): Room {
  const client = useApolloClient();
  const { viewer, refresh } = useViewer();
  const [state, setState] = useState<RoomState>(EMPTY_ROOM);

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
      const { data } = await client.query({ query: ROOM, variables: { id: eventId }, fetchPolicy: 'no-cache' });
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
      const { data } = await client.query({ query: ROOM_CHALLENGES, variables: { id: eventId }, fetchPolicy: 'no-cache' });
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
      const { data } = await client.query({ query: ROOM_PEOPLE, variables: { id: eventId }, fetchPolicy: 'no-cache' });
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
    (activity: EventActivityNode) => {
      switch (activity.__typename) {
        case 'ChatMessage':
          dispatch({ type: 'chat', message: activity });
          latestOnLiveChat.current?.(activity);
          return;
        case 'BetActivity':
          dispatch({ type: 'bet', activity });
          return;
        case 'ParticipantsChanged':
          patchEvent({ id: eventId, participants: activity.count });
          void refetchPeople();
          return;
        case 'ChallengeActivity':
          void onChallengeActivity(activity.id);
          return;
      }
    },
    [dispatch, patchEvent, eventId, refetchPeople, onChallengeActivity],
  );

  const retry = useRestartOnError();
  const activity = useSubscription(EVENT_ACTIVITY, {
    variables: { eventId },
    fetchPolicy: 'no-cache',
    ignoreResults: true,
    onData: ({ data }) => {
      retry.onData();
      const payload = data.data?.eventActivity;
      if (payload) handle(payload);
    },
    onError: retry.onError,
  });
  retry.restartRef.current = activity.restart;

  // Every price the page hears becomes a point on its selection's chart.
  useEffect(() => {
    const selections = markets.flatMap((market) => market.selections.map((s) => ({ id: s.id, odds: s.odds })));
    dispatch({ type: 'odds', selections, at: new Date().toISOString() });
  }, [markets, dispatch]);

  return { state, ready, dispatch, refetchChallenges };
}
