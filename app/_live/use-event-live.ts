'use client';

import { graphql } from '../_gql';
import { useLiveSubscription } from './use-live-subscription';

/**
 * Odds and market status changes of one event. The payload carries the changed markets with all
 * their selections, so the cache's `Market:<id>` and `Selection:<id>` are written once and every
 * view of them (lobby, event page, slip, ticket) re-renders.
 */
export const OddsChangedDocument = graphql(`
  subscription OddsChanged($eventId: ID!) {
    oddsChanged(eventId: $eventId) {
      event { id status score { home away } clock }
      markets { id name status selections { id name odds previousOdds status } }
    }
  }
`);

/** Score, clock, status and presence of one event, written into `Event:<id>`. */
export const EventUpdatedDocument = graphql(`
  subscription EventUpdated($eventId: ID!) {
    eventUpdated(eventId: $eventId) { id status score { home away } clock participants }
  }
`);

/** Follows one event's odds (and, with `event`, its score, clock and status) into the cache. */
export function useEventLive(eventId: string, options: { odds?: boolean; event?: boolean; skip?: boolean } = {}): void {
  const skip = options.skip ?? false;
  useLiveSubscription(OddsChangedDocument, { variables: { eventId }, skip: skip || options.odds === false });
  useLiveSubscription(EventUpdatedDocument, { variables: { eventId }, skip: skip || options.event === false });
}
