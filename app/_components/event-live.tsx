'use client';

import { useApolloClient } from '@apollo/client/react';
import { useCallback } from 'react';
import { ConnectionStatus } from '../_live/connection-status';
import { EVENT_PAGE } from '../_live/operations';
import type { LiveEventState } from '../_live/types';
import { useLiveEvent } from '../_live/use-live-event';
import { useResyncOnConnect } from '../_live/use-resync';
import { EventRoom } from '../_rooms/event-room';
import type { RoomTab } from '../_rooms/room-tab-ids';
import { resultText, statusLabel } from './event-labels';
import { LocalTime } from './local-time';

/**
 * The live event page: scoreboard, clock and status, then the event's room in tabs (markets,
 * chat, challenges, participants, stats). It starts from the server's first paint, then follows
 * `oddsChanged` and `eventUpdated`, and re-reads the event over HTTP after every (re)connect so
 * nothing published while the socket was down is missed.
 */
export function EventLive({ initial, initialTab }: { initial: LiveEventState; initialTab: RoomTab }) {
  const client = useApolloClient();
  const { state, resync, patchEvent } = useLiveEvent(initial, { addUnknownMarkets: true });
  const eventId = initial.event.id;

  const sync = useCallback(
    () =>
      resync(async () => {
        const { data } = await client.query({ query: EVENT_PAGE, variables: { id: eventId }, fetchPolicy: 'no-cache' });
        const event = data?.event;
        if (!event) return null;
        const { markets, ...rest } = event;
        return { event: rest, markets };
      }),
    [client, eventId, resync],
  );
  const ready = useResyncOnConnect(sync);

  const { event, markets } = state;
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
          <ConnectionStatus />
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

      <EventRoom event={event} markets={markets} bettable={bettable} initialTab={initialTab} patchEvent={patchEvent} />
    </div>
  );
}
