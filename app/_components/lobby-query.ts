import { graphql } from '../_gql';

/** The lobby's one query: live and upcoming events, each row's fields from its own fragment. */
export const LobbyDocument = graphql(`
  query Lobby {
    live: events(status: LIVE, first: 100) {
      edges { node { id sport ...EventRow_event } }
      pageInfo { hasNextPage endCursor }
    }
    upcoming: events(status: UPCOMING, first: 40) {
      edges { node { id sport ...EventRow_event } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
