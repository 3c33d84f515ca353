'use client';

import { useApolloClient } from '@apollo/client/react';
import { useCallback } from 'react';
import type { EventPageQuery } from '../_gql/graphql';
import { ConnectionStatus } from '../_live/connection-status';
import { useEventLive } from '../_live/use-event-live';
import { usePrimedQuery } from '../_live/use-primed-query';
import { useResyncOnConnect } from '../_live/use-resync';
import { EventRoom } from '../_rooms/event-room';
import type { RoomEvent } from '../_rooms/operations';
import type { RoomTab } from '../_rooms/room-tab-ids';
import { resultText, statusLabel } from './event-labels';
import { EventPageDocument } from './event-query';
import { LocalTime } from './local-time';

/**
 * The live event page: scoreboard, clock and status, then the event's room in tabs (markets,
 * chat, challenges, participants, stats). It starts from the server's first paint, then reads the
 * cache, which `oddsChanged` and `eventUpdated` keep current; after every (re)connect the page
 * query is read again, because nothing published while the socket was down is replayed.
 */
export function EventLive({ id, initial, initialRoom, initialTab }: { id: string; initial: EventPageQuery; initialRoom: RoomEvent | null; initialTab: RoomTab }) {
  const client = useApolloClient();
  const data = usePrimedQuery(EventPageDocument, { id }, initial);
  useEventLive(id);
  const read = useCallback(() => client.query({ query: EventPageDocument, variables: { id }, fetchPolicy: 'network-only' }), [client, id]);
  const ready = useResyncOnConnect(read);

  const event = data.event;
  if (!event) return null;
  const { markets } = event;
  const bettable = event.status === 'LIVE' || event.status === 'UPCOMING';
  const result = resultText(event);
  const live = event.status === 'LIVE';

  return (
    <div className="event-page" data-testid="event-page" data-event-id={event.id} data-live-ready={ready ? 'true' : 'false'}>
      <section className="event-header" data-testid="event-header" data-status={event.status} aria-label={`${event.home} v ${event.away}`}>
        <div className="event-meta">
          <span className="sport-tag">{event.sport}</span>
          <span className={`status-badge status-${event.status.toLowerCase()}`} data-testid="event-status">
            {live && <span className="live-dot" aria-hidden="true" />}
            {statusLabel(event.status)}
          </span>
          <span className="spacer" />
          {/* Over, the match has nothing live to follow: a green "Live" beside FINISHED misleads. */}
          {bettable && <ConnectionStatus />}
        </div>

        <div className="scoreboard">
          <h1 className="sr-only">
            {event.home} v {event.away}
          </h1>
          <p className="scoreboard-team scoreboard-home">{event.home}</p>
          <div className="scoreboard-score" data-testid="score" aria-label={event.score ? `Score ${event.score.home} to ${event.score.away}` : 'No score yet'}>
            {event.score ? (
              <>
                <span className="score-home">{event.score.home}</span>
                <span className="score-sep" aria-hidden="true">
                  –
                </span>
                <span className="score-away">{event.score.away}</span>
              </>
            ) : (
              <span className="score-vs">v</span>
            )}
          </div>
          <p className="scoreboard-team scoreboard-away">{event.away}</p>
        </div>

        <div className="event-sub">
          {event.status === 'UPCOMING' ? (
            <span>
              Starts <LocalTime iso={event.startsAt} />
            </span>
          ) : (
            event.clock && (
              <span className="clock" data-testid="clock">
                {event.clock}
              </span>
            )
          )}
          {event.participants !== null && (
            <span className="participants" data-testid="participants">
              {event.participants} watching
            </span>
          )}
        </div>

        {result && (
          <p className="event-result" data-testid="event-result">
            {result}
          </p>
        )}
      </section>

      <EventRoom event={event} markets={markets} bettable={bettable} initialRoom={initialRoom} initialTab={initialTab} />
    </div>
  );
}
