import { gql, type TypedDocumentNode } from '@apollo/client';
import type { EventStatus, LiveEvent, LiveMarket, LiveScore } from './types';

const MARKET_FIELDS = `
  id
  name
  status
  selections { id name odds previousOdds status }
`;

export interface OddsChangedData {
  oddsChanged: {
    event: { id: string; status: EventStatus; score: LiveScore | null; clock: string | null };
    markets: LiveMarket[];
  };
}

/** Odds and market status changes of one event. */
export const ODDS_CHANGED: TypedDocumentNode<OddsChangedData, { eventId: string }> = gql`
  subscription OddsChanged($eventId: ID!) {
    oddsChanged(eventId: $eventId) {
      event { id status score { home away } clock }
      markets { ${MARKET_FIELDS} }
    }
  }
`;

export interface EventUpdatedData {
  eventUpdated: { id: string; status: EventStatus; score: LiveScore | null; clock: string | null; participants: number };
}

/** Score, clock, status and presence of one event. */
export const EVENT_UPDATED: TypedDocumentNode<EventUpdatedData, { eventId: string }> = gql`
  subscription EventUpdated($eventId: ID!) {
    eventUpdated(eventId: $eventId) { id status score { home away } clock participants }
  }
`;

export interface EventPageData {
  event: (Omit<LiveEvent, 'participants'> & { participants: number; markets: LiveMarket[] }) | null;
}

/** The whole event page, read over HTTP to re-sync after (re)connecting. */
export const EVENT_PAGE: TypedDocumentNode<EventPageData, { id: string }> = gql`
  query EventPage($id: ID!) {
    event(id: $id) {
      id sport name home away startsAt status score { home away } clock participants
      markets { ${MARKET_FIELDS} }
    }
  }
`;
