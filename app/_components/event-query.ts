import { graphql } from '../_gql';

/** The event page's one query, read by the server for the first paint and again after reconnects. */
export const EventPageDocument = graphql(`
  query EventPage($id: ID!) {
    event(id: $id) {
      id
      sport
      name
      home
      away
      startsAt
      status
      score { home away }
      clock
      participants
      markets { id ...MarketCard_market }
    }
  }
`);
